package com.capreport.model;

import java.time.Instant;
import java.util.List;

/**
 * A dock (a storage node's agent) as it describes itself. Persistent: it outlives the agent so a
 * dead dock still has a name, a host and a list of backends.
 *
 * <p>{@code stoppedAt} is the documented extension that tells a graceful stop (set by the agent on
 * SIGTERM) from a death (still null while {@code alive} is gone); a starting agent clears it.
 */
public record DockSpec(
        String id,
        String name,
        String host,
        String endpoint,
        String availabilityZone,
        List<BackendRef> backends,
        String agentVersion,
        Instant startedAt,
        Instant stoppedAt,
        Instant createdAt,
        Instant updatedAt) {

    public DockSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("dock 'id' is missing or empty");
        }
        name = name == null || name.isBlank() ? id : name;
        host = host == null ? "" : host;
        endpoint = endpoint == null ? "" : endpoint;
        availabilityZone = availabilityZone == null ? "" : availabilityZone;
        backends = backends == null ? List.of() : List.copyOf(backends);
        agentVersion = agentVersion == null ? "" : agentVersion;
    }

    public DockSpec stopped(Instant at) {
        return new DockSpec(id, name, host, endpoint, availabilityZone, backends, agentVersion, startedAt, at,
                createdAt, at);
    }
}
