package com.capreport.model;

import java.time.Instant;

/**
 * The value of {@code docks/{id}/alive}: who holds the dock. The key lives exactly as long as the
 * agent's process lease, so its presence is the dock's liveness.
 */
public record DockAlive(String host, long pid, Instant startedAt, String version, String endpoint) {
    public DockAlive {
        host = host == null ? "" : host;
        version = version == null ? "" : version;
        endpoint = endpoint == null ? "" : endpoint;
    }

    /** "host web-3 pid 4711 since 2026-11-25T10:00:00Z", for refusals and logs. */
    public String describe() {
        return "host " + (host.isEmpty() ? "?" : host) + " pid " + pid + " since " + startedAt;
    }
}
