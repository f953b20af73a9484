package com.capreport.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One storage pool as reported by a dock, in the JSON shape of the original Capabilities Report
 * design (OpenSDS PoolSpec) plus the documented extensions: exact byte capacities, the dock,
 * backend and driver that reported it, the backend's own pool id ({@code nativeId}), and
 * {@code capabilitySources} (capability path → {@code discovered} | {@code configured}).
 *
 * <p>{@code totalCapacity}/{@code freeCapacity} are whole GiB, as in the original design.
 *
 * <p>{@code statusReason} (a documented extension, optional) is the backend's own words for a
 * {@code degraded} or {@code error} status, set by the driver from the output it parsed
 * ({@code "PG_DEGRADED: Degraded data redundancy: 18/82 objects degraded …"}, {@code "1 of 2 physical
 * volumes missing …"}); empty otherwise, and then left out of the JSON. A pool the loop marks
 * {@code error} because its backend fails carries no reason of its own: that is the loop's
 * {@code lastError}.
 */
@JsonPropertyOrder({"id", "createdAt", "updatedAt", "name", "storageType", "description", "status",
    "availabilityZone", "totalCapacity", "freeCapacity", "dockId", "backend", "driver", "nativeId",
    "totalCapacityBytes", "freeCapacityBytes", "extras", "capabilitySources", "statusReason"})
public record PoolSpec(
        String id,
        Instant createdAt,
        Instant updatedAt,
        String name,
        String storageType,
        String description,
        PoolStatus status,
        String availabilityZone,
        long totalCapacity,
        long freeCapacity,
        String dockId,
        String backend,
        String driver,
        String nativeId,
        long totalCapacityBytes,
        long freeCapacityBytes,
        Map<String, Object> extras,
        Map<String, String> capabilitySources,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String statusReason) {

    public static final String SOURCE_DISCOVERED = "discovered";
    public static final String SOURCE_CONFIGURED = "configured";

    public PoolSpec {
        requireText(id, "id");
        requireText(name, "name");
        requireText(dockId, "dockId");
        requireText(backend, "backend");
        Objects.requireNonNull(status, "pool 'status' is missing");
        requireNotNegative(totalCapacity, "totalCapacity");
        requireNotNegative(freeCapacity, "freeCapacity");
        requireNotNegative(totalCapacityBytes, "totalCapacityBytes");
        requireNotNegative(freeCapacityBytes, "freeCapacityBytes");
        storageType = storageType == null ? "block" : storageType;
        description = description == null ? "" : description;
        availabilityZone = availabilityZone == null ? "" : availabilityZone;
        driver = driver == null ? "" : driver;
        nativeId = nativeId == null ? name : nativeId;
        extras = Extras.deepCopy(extras);
        capabilitySources = capabilitySources == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(capabilitySources));
        statusReason = statusReason == null ? "" : statusReason;
    }

    /** A pool without a status reason (an available pool, or one whose backend gives none). */
    public PoolSpec(String id, Instant createdAt, Instant updatedAt, String name, String storageType,
                    String description, PoolStatus status, String availabilityZone, long totalCapacity,
                    long freeCapacity, String dockId, String backend, String driver, String nativeId,
                    long totalCapacityBytes, long freeCapacityBytes, Map<String, Object> extras,
                    Map<String, String> capabilitySources) {
        this(id, createdAt, updatedAt, name, storageType, description, status, availabilityZone, totalCapacity,
                freeCapacity, dockId, backend, driver, nativeId, totalCapacityBytes, freeCapacityBytes, extras,
                capabilitySources, "");
    }

    private static void requireNotNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException("pool '" + field + "' must not be negative, found " + value);
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("pool '" + field + "' is missing or empty");
        }
    }

    /**
     * Fraction of the space writers can have that is in use, 0..1, as {@code df} computes Use%:
     * used / (used + free), so a file system's root reserve counts neither as used nor as free.
     * 0 for a pool of size 0.
     */
    public double usedFraction() {
        long usable = totalCapacityBytes - reservedBytes();
        return usable <= 0 ? 0 : Math.min(1.0, (double) usedBytes() / usable);
    }

    /**
     * Bytes that are neither used nor free to writers: a file system's blocks reserved for root
     * ({@code statfs} f_bfree − f_bavail), reported as {@code extras.advanced."fs.reservedBytes"}.
     * 0 when the pool reports none (every driver but {@code filesystem}).
     */
    public long reservedBytes() {
        Object advanced = extras.get("advanced");
        Object v = advanced instanceof Map<?, ?> m ? m.get(Capacity.RESERVED_KEY) : null;
        long reserved = v instanceof Number n ? n.longValue() : 0;
        return Math.max(0, Math.min(reserved, totalCapacityBytes - freeCapacityBytes));
    }

    /** Bytes in use: total − free − reserved (never negative). */
    public long usedBytes() {
        return Math.max(0, totalCapacityBytes - freeCapacityBytes - reservedBytes());
    }

    /** The same pool with another status; the reason belonged to the old status and goes with it. */
    public PoolSpec withStatus(PoolStatus newStatus, Instant at) {
        return new PoolSpec(id, createdAt, at, name, storageType, description, newStatus, availabilityZone,
                totalCapacity, freeCapacity, dockId, backend, driver, nativeId, totalCapacityBytes,
                freeCapacityBytes, extras, capabilitySources, newStatus == status ? statusReason : "");
    }

    public PoolSpec withTimestamps(Instant created, Instant updated) {
        return new PoolSpec(id, created, updated, name, storageType, description, status, availabilityZone,
                totalCapacity, freeCapacity, dockId, backend, driver, nativeId, totalCapacityBytes,
                freeCapacityBytes, extras, capabilitySources, statusReason);
    }
}
