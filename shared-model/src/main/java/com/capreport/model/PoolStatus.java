package com.capreport.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a pool's backend last said about it (DESIGN.md "status"). */
public enum PoolStatus {
    /** Listed by the backend and healthy. */
    AVAILABLE,
    /** Listed, but the backend reports reduced redundancy or health (a missing PV, HEALTH_WARN). */
    DEGRADED,
    /** The backend is failing: the last known values are kept so nobody schedules on them. */
    ERROR,
    /** Missing from the last successful listing; deleted after the configured retention. */
    UNAVAILABLE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PoolStatus fromWire(String value) {
        for (PoolStatus s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown pool status '" + value + "' (allowed: "
                + Arrays.stream(values()).map(PoolStatus::wire).collect(Collectors.joining(", ")) + ")");
    }
}
