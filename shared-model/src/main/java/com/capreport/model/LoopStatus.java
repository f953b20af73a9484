package com.capreport.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The value of {@code docks/{id}/loops/{backend}}: the state of one backend's discovery loop. The
 * key is bound to the loop's own lease, renewed by the loop thread itself, so a hung loop's key
 * expires while the dock stays alive.
 *
 * <p>{@code seq} counts finished cycles; {@code nextRunAt} is a documented extension.
 */
public record LoopStatus(
        String dockId,
        String backend,
        String driver,
        LoopState state,
        Instant since,
        long seq,
        Instant lastSuccessAt,
        String lastError,
        int consecutiveFailures,
        @JsonSerialize(using = Json.DurationSerializer.class)
        @JsonDeserialize(using = Json.DurationDeserializer.class)
        Duration interval,
        int poolCount,
        Instant nextRunAt) {

    public LoopStatus {
        if (dockId == null || dockId.isBlank() || backend == null || backend.isBlank()) {
            throw new IllegalArgumentException("loop status needs 'dockId' and 'backend'");
        }
        Objects.requireNonNull(state, "loop 'state' is missing");
        driver = driver == null ? "" : driver;
        interval = interval == null ? Duration.ZERO : interval;
    }
}
