package com.capreport.model;

import java.time.Instant;

/**
 * The value of {@code docks/{id}/alive}: who holds the dock. The key lives exactly as long as the
 * agent's process lease, so its presence is the dock's liveness.
 *
 * <p>{@code machineId} (a documented extension: {@code /etc/machine-id}, else the boot id) tells a
 * restart on the same machine, which may take over a claim whose process is gone, from another
 * machine that merely has the same host name, which must be refused.
 */
public record DockAlive(String host, long pid, Instant startedAt, String version, String endpoint, String machineId) {
    public DockAlive {
        host = host == null ? "" : host;
        version = version == null ? "" : version;
        endpoint = endpoint == null ? "" : endpoint;
        machineId = machineId == null ? "" : machineId;
    }

    /** "host web-3 pid 4711 since 2026-11-25T10:00:00Z", for refusals and logs. */
    public String describe() {
        return "host " + (host.isEmpty() ? "?" : host) + " pid " + pid + " since " + startedAt;
    }

    /** Whether this is the same process as {@code other} (same machine, pid and start). */
    public boolean sameProcessAs(DockAlive other) {
        return other != null && pid == other.pid && machineId.equals(other.machineId) && host.equals(other.host)
                && java.util.Objects.equals(startedAt, other.startedAt);
    }
}
