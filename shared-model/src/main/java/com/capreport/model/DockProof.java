package com.capreport.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.time.Instant;

/**
 * The value of {@code docks/{id}/proof}: the agent's proof of life, rewritten every {@code period}.
 *
 * <p>Why it exists: etcd 3.4 does not check a LeaseKeepAlive against roles, so any authenticated
 * user can keep any lease alive, and with it a dead dock's {@code alive} key. A put under the dock's
 * prefix is checked by RBAC: only the dock's own user can make this value newer. Readers call a dock
 * whose {@code alive} lives but whose proof is older than two periods "alive (unverified)".
 *
 * @param at     when the agent wrote it (the agent's clock)
 * @param period how often the agent rewrites it
 */
public record DockProof(Instant at,
                        @JsonSerialize(using = Json.DurationSerializer.class)
                        @JsonDeserialize(using = Json.DurationDeserializer.class)
                        Duration period) {
    @JsonCreator
    public DockProof {
    }
}
