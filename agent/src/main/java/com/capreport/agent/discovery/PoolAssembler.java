package com.capreport.agent.discovery;

import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.model.Capacity;
import com.capreport.model.Extras;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a driver's {@link DiscoveredPool} into the PoolSpec the dock reports: the stable id, the
 * capability tree with the backend's {@code extras} and the pool's {@code poolExtras} overlaid on
 * what was discovered, and {@code capabilitySources} saying which leaf came from where. A
 * configured value that contradicts a discovered one wins, and is logged once as a warning.
 */
public final class PoolAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(PoolAssembler.class);

    private final String dockId;
    private final String availabilityZone;
    private final AgentConfig.Backend backend;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public PoolAssembler(String dockId, String availabilityZone, AgentConfig.Backend backend) {
        this.dockId = dockId;
        this.availabilityZone = availabilityZone;
        this.backend = backend;
    }

    public String poolId(DiscoveredPool p) {
        return PoolIds.poolId(dockId, backend.name(), p.nativeId());
    }

    /** The spec for a listed pool; timestamps are the caller's (kept from etcd when unchanged). */
    public PoolSpec assemble(DiscoveredPool p, Instant createdAt, Instant updatedAt) {
        Map<String, Object> discovered = p.capabilities();
        Map<String, Object> configured = Extras.merge(backend.extras(),
                Optional.ofNullable(backend.poolExtras().get(p.nativeId()))
                        .or(() -> Optional.ofNullable(backend.poolExtras().get(p.name())))
                        .orElse(Map.of()));
        Map<String, String> sources = new LinkedHashMap<>();
        for (String path : Extras.leafPaths(discovered)) {
            sources.put(path, PoolSpec.SOURCE_DISCOVERED);
        }
        for (String path : Extras.leafPaths(configured)) {
            Optional<Extras.Reported> found = Extras.lookup(discovered, path);
            Object configuredValue = Extras.lookup(configured, path).map(Extras.Reported::value).orElse(null);
            if (found.isPresent() && !sameValue(found.get().value(), configuredValue)
                    && warned.add(p.nativeId() + "|" + path)) {
                LOG.warn("{}/{}: configured {} = {} overrides the discovered value {}", backend.name(), p.name(), path,
                        configuredValue, found.get().value());
            }
            sources.put(path, PoolSpec.SOURCE_CONFIGURED);
        }
        return new PoolSpec(poolId(p), createdAt, updatedAt, p.name(), p.storageType(), p.description(), p.status(),
                availabilityZone, Capacity.toGiB(p.totalBytes()), Capacity.toGiB(p.freeBytes()), dockId,
                backend.name(), backend.driver(), p.nativeId(), p.totalBytes(), p.freeBytes(),
                Extras.merge(discovered, configured), sources, p.statusReason());
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a == null ? null : a.toString(), b == null ? null : b.toString());
    }
}
