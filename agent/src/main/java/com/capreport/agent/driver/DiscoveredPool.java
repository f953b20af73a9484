package com.capreport.agent.driver;

import com.capreport.model.Extras;
import com.capreport.model.PoolStatus;
import java.util.Map;
import java.util.Objects;

/**
 * A pool as a driver found it: the backend's own id, sizes in bytes, health, and the capability
 * tree the backend reported (line-of-service names from SNIA Swordfish; vendor keys under
 * {@code advanced}). Everything here counts as "discovered"; config overrides are applied later.
 *
 * @param nativeId the backend's stable name for the pool (VG name, Ceph pool name, path)
 * @param status   {@link PoolStatus#AVAILABLE}, {@link PoolStatus#DEGRADED}, or {@link PoolStatus#ERROR} when the
 *                 backend answers but says the pool is failing (e.g. Ceph HEALTH_ERR)
 * @param statusReason the backend's own words for a degraded or error status (the Ceph health check, the
 *                 missing PV, the full thin metadata); empty for an available pool
 */
public record DiscoveredPool(String nativeId, String name, String storageType, String description,
                             long totalBytes, long freeBytes, PoolStatus status,
                             Map<String, Object> capabilities, String statusReason) {
    public DiscoveredPool {
        Objects.requireNonNull(nativeId, "nativeId");
        name = name == null ? nativeId : name;
        storageType = storageType == null ? "block" : storageType;
        description = description == null ? "" : description;
        status = status == null ? PoolStatus.AVAILABLE : status;
        if (status == PoolStatus.UNAVAILABLE) {
            throw new IllegalArgumentException("a listed pool is available, degraded or error, not unavailable");
        }
        if (totalBytes < 0 || freeBytes < 0) {
            throw new IllegalArgumentException("pool " + nativeId + ": negative capacity");
        }
        capabilities = Extras.deepCopy(capabilities);
        statusReason = statusReason == null || status == PoolStatus.AVAILABLE ? "" : statusReason;
    }

    /** A pool whose backend gives no reason with its status. */
    public DiscoveredPool(String nativeId, String name, String storageType, String description, long totalBytes,
                          long freeBytes, PoolStatus status, Map<String, Object> capabilities) {
        this(nativeId, name, storageType, description, totalBytes, freeBytes, status, capabilities, "");
    }
}
