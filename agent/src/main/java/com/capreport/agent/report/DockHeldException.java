package com.capreport.agent.report;

import com.capreport.model.DockAlive;

/** Another live agent holds the dock id; the message names it. */
public final class DockHeldException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient DockAlive holder;

    public DockHeldException(String dockId, DockAlive holder, String aliveKey, long ttlSeconds) {
        super("dock '" + dockId + "' is already held by " + (holder == null ? "an unreadable holder" : holder.describe())
                + " (key " + aliveKey + "); stop that agent first, or, if it died, wait up to " + ttlSeconds
                + " s for its lease to expire");
        this.holder = holder;
    }

    public DockAlive holder() {
        return holder;
    }
}
