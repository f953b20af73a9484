package com.capreport.agent.driver.ceph;

import static com.capreport.agent.driver.JsonOutput.number;
import static com.capreport.agent.driver.JsonOutput.text;

import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverException;
import com.capreport.agent.driver.JsonOutput;
import com.capreport.model.PoolStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns {@code ceph df}, {@code ceph osd dump}, {@code ceph osd crush rule dump} and
 * {@code ceph health} JSON into pools. Pure, so recorded real output can be fed in by tests.
 *
 * <ul>
 *   <li>Capacity: total = {@code stored + max_avail}, free = {@code max_avail}; a quota
 *       ({@code quota_max_bytes}) caps total at the quota and free at {@code quota − stored}.</li>
 *   <li>Redundancy: replicated {@code size − 1} or erasure-coded {@code m} copies can be lost:
 *       {@code RecoverableCapacitySourceCount}; {@code RecoveryTimeObjective: OnlineActive} when that
 *       is at least 1.</li>
 *   <li>The CRUSH rule's failure domain (the type of its last choose/chooseleaf step) gives
 *       {@code RecoveryGeographicObjective}: host, chassis → Server; rack, pdu → Rack; row, pod →
 *       Row; room, datacenter → Datacenter; zone, region → Region. An {@code osd} failure domain has
 *       no true Swordfish value (copies may share a server), so none is reported; the domain
 *       itself is always in {@code advanced.ceph.failureDomain}.</li>
 *   <li>{@code compression_mode} aggressive or force → {@code IsSpaceEfficient: true}.</li>
 *   <li>The rbd application → storage type block, {@code AccessProtocol: "RBD"} (there is no Swordfish
 *       value for RBD: a documented extension) and {@code ReplicaType: [Snapshot, Clone]}; cephfs →
 *       file; rgw → object.</li>
 *   <li>Cluster health HEALTH_WARN → every pool degraded, HEALTH_ERR → error ({@link HealthScope}: a check
 *       that names pools or PGs applies to those pools only); the checks that lower a pool's status, with
 *       their summaries, are its {@code statusReason} ({@code "PG_DEGRADED: Degraded data redundancy: …"}).</li>
 * </ul>
 */
public final class CephReport {
    private CephReport() {
    }

    public static List<DiscoveredPool> pools(String backend, String dfOut, String osdDumpOut, String rulesOut,
                                             String healthOut, Set<String> onlyPools) throws DriverException {
        JsonNode df = JsonOutput.parse(backend, "ceph df", dfOut);
        JsonNode osd = JsonOutput.parse(backend, "ceph osd dump", osdDumpOut);
        JsonNode rules = JsonOutput.parse(backend, "ceph osd crush rule dump", rulesOut);
        JsonNode health = JsonOutput.parse(backend, "ceph health", healthOut);
        if (!df.path("pools").isArray()) {
            throw new DriverException(backend + ": ceph df JSON has no pools list");
        }
        if (!osd.path("pools").isArray()) {
            throw new DriverException(backend + ": ceph osd dump JSON has no pools list");
        }

        Map<Long, JsonNode> stats = new HashMap<>();
        for (JsonNode p : df.get("pools")) {
            number(p, "id").ifPresent(id -> stats.put(id, p.path("stats")));
        }
        Map<Long, String> failureDomains = new HashMap<>();
        Map<Long, String> ruleNames = new HashMap<>();
        for (JsonNode r : rules.isArray() ? rules : List.<JsonNode>of()) {
            long id = number(r, "rule_id").orElse(-1L);
            ruleNames.put(id, text(r, "rule_name"));
            failureDomain(r).ifPresent(fd -> failureDomains.put(id, fd));
        }
        String status = text(health, "status");
        Map<String, String> poolIds = new HashMap<>();
        for (JsonNode p : osd.get("pools")) {
            poolIds.put(String.valueOf(number(p, "pool").or(() -> number(p, "pool_id")).orElse(-1L)), text(p, "pool_name"));
        }
        HealthScope scope = HealthScope.of(health, poolIds);

        List<DiscoveredPool> out = new ArrayList<>();
        for (JsonNode p : osd.get("pools")) {
            String name = text(p, "pool_name");
            if (name.isEmpty() || (!onlyPools.isEmpty() && !onlyPools.contains(name))) {
                continue;
            }
            if (isInternal(p)) {
                continue; // the mgr's own pools (device_health_metrics, .mgr) are not storage for anyone
            }
            long id = number(p, "pool").or(() -> number(p, "pool_id")).orElse(-1L);
            JsonNode s = stats.get(id);
            if (s == null) {
                // Created after the mgr's last stats: listed next cycle with its capacity.
                continue;
            }
            out.add(pool(backend, p, id, name, s, osd.path("erasure_code_profiles"), failureDomains, ruleNames,
                    scope.status(name), status, scope.checks(name), scope.reason(name), rules));
        }
        return out;
    }

    /**
     * Pools that hold a service's own data rather than offer storage: the mgr's pools, CephFS
     * metadata pools, and RGW's bookkeeping pools ({@code .rgw.root}, {@code *.rgw.log}, …).
     */
    static boolean isInternal(JsonNode pool) {
        List<String> apps = new ArrayList<>();
        pool.path("application_metadata").fieldNames().forEachRemaining(apps::add);
        if (!apps.isEmpty() && apps.stream().allMatch(a -> a.equals("mgr") || a.equals("mgr_devicehealth"))) {
            return true;
        }
        if (pool.path("application_metadata").path("cephfs").has("metadata")) {
            return true;
        }
        String name = text(pool, "pool_name");
        return name.equals(".rgw.root") || name.equals(".mgr")
                || name.matches(".*\\.rgw\\.(log|control|meta|buckets\\.index|buckets\\.non-ec|otp)");
    }

    /** The CRUSH root the rule takes from: pools on one root share one free space (never sum them). */
    static Optional<String> crushRoot(JsonNode rules, long ruleId) {
        for (JsonNode r : rules) {
            if (number(r, "rule_id").orElse(-2L) == ruleId) {
                for (JsonNode step : r.path("steps")) {
                    if (text(step, "op").equals("take") && !text(step, "item_name").isEmpty()) {
                        return Optional.of(text(step, "item_name"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The type of the rule's last choose/chooseleaf step: where copies are kept apart. */
    static Optional<String> failureDomain(JsonNode rule) {
        String fd = null;
        for (JsonNode step : rule.path("steps")) {
            String op = text(step, "op");
            if (op.startsWith("choose") && !text(step, "type").isEmpty()) {
                fd = text(step, "type");
            }
        }
        return Optional.ofNullable(fd);
    }

    static Optional<String> geographicObjective(String failureDomain) {
        return Optional.ofNullable(switch (failureDomain.toLowerCase(Locale.ROOT)) {
            // CRUSH types nest osd < host < chassis < rack < row < pdu < pod < room < datacenter < zone
            // < region: copies apart at one level are apart at every level below it, so each maps to the
            // largest Swordfish unit it guarantees, never a larger one.
            case "host", "chassis" -> "Server";
            case "rack" -> "Rack";
            case "row", "pdu", "pod", "room" -> "Row";
            case "datacenter", "zone" -> "Datacenter";
            case "region" -> "Region";
            default -> null;
        });
    }

    private static DiscoveredPool pool(String backend, JsonNode p, long id, String name, JsonNode s, JsonNode ecProfiles,
                                       Map<Long, String> failureDomains, Map<Long, String> ruleNames,
                                       PoolStatus status, String health, List<String> checks, String reason,
                                       JsonNode rules)
            throws DriverException {
        long stored = number(s, "stored").or(() -> number(s, "bytes_used")).orElse(0L);
        long maxAvail = number(s, "max_avail").orElseThrow(() -> new DriverException(backend + ": ceph df has no "
                + "max_avail for pool " + name));
        long quota = number(p, "quota_max_bytes").orElse(0L);
        long total = stored + maxAvail;
        long free = maxAvail;
        if (quota > 0) {
            total = Math.min(total, quota);
            free = Math.max(0, Math.min(maxAvail, quota - stored));
        }

        boolean erasure = number(p, "type").orElse(1L) == 3 || !text(p, "erasure_code_profile").isEmpty()
                && number(p, "type").orElse(1L) != 1;
        Map<String, Object> advanced = new LinkedHashMap<>();
        advanced.put("ceph.poolId", id);
        advanced.put("ceph.type", erasure ? "erasure" : "replicated");
        long size = number(p, "size").orElse(0L);
        advanced.put("ceph.size", size);
        number(p, "min_size").ifPresent(v -> advanced.put("ceph.minSize", v));
        int lossTolerated;
        if (erasure) {
            String profileName = text(p, "erasure_code_profile");
            JsonNode profile = ecProfiles.path(profileName);
            advanced.put("ceph.erasureCodeProfile", profileName);
            Optional<Long> k = number(profile, "k");
            Optional<Long> m = number(profile, "m");
            k.ifPresent(v -> advanced.put("ceph.k", v));
            m.ifPresent(v -> advanced.put("ceph.m", v));
            String plugin = text(profile, "plugin");
            if (!plugin.isEmpty()) {
                advanced.put("ceph.ecPlugin", plugin);
            }
            // A profile we cannot read (deleted, or no caps): say nothing rather than guess from size.
            lossTolerated = m.map(Long::intValue).orElse(-1);
        } else {
            lossTolerated = (int) Math.max(0, size - 1);
        }
        long minSize = number(p, "min_size").orElse(size);
        long onlineLoss = Math.max(0, size - minSize);
        advanced.put("ceph.onlineLossTolerance", onlineLoss);
        long rule = number(p, "crush_rule").or(() -> number(p, "crush_ruleset")).orElse(-1L);
        Optional<String> fd = Optional.ofNullable(failureDomains.get(rule));
        if (fd.isEmpty() && erasure) {
            fd = Optional.of(text(ecProfiles.path(text(p, "erasure_code_profile")), "crush-failure-domain"))
                    .filter(x -> !x.isEmpty());
        }
        Optional.ofNullable(ruleNames.get(rule)).ifPresent(r -> advanced.put("ceph.crushRule", r));
        crushRoot(rules, rule).ifPresent(r -> advanced.put("ceph.crushRoot", r));
        fd.ifPresent(x -> advanced.put("ceph.failureDomain", x));
        number(p, "pg_num").ifPresent(v -> advanced.put("ceph.pgNum", v));

        String compression = text(p.path("options"), "compression_mode");
        if (!compression.isEmpty()) {
            advanced.put("ceph.compressionMode", compression);
        }
        String algorithm = text(p.path("options"), "compression_algorithm");
        if (!algorithm.isEmpty()) {
            advanced.put("ceph.compressionAlgorithm", algorithm);
        }
        if (quota > 0) {
            advanced.put("ceph.quotaMaxBytes", quota);
        }
        List<String> apps = new ArrayList<>();
        Iterator<String> it = p.path("application_metadata").fieldNames();
        it.forEachRemaining(apps::add);
        advanced.put("ceph.applications", apps);
        advanced.put("ceph.health", health);
        if (!checks.isEmpty()) {
            advanced.put("ceph.healthChecks", checks);
        }

        Map<String, Object> dataStorage = new LinkedHashMap<>();
        dataStorage.put("ProvisioningPolicy", List.of("Thin"));
        if (lossTolerated >= 0) {
            dataStorage.put("RecoverableCapacitySourceCount", lossTolerated);
        }
        dataStorage.put("IsSpaceEfficient", compression.equals("aggressive") || compression.equals("force"));
        if (lossTolerated > 0 && onlineLoss > 0) {
            // I/O goes on through a failure only while more than min_size copies remain.
            dataStorage.put("RecoveryTimeObjective", "OnlineActive");
        }
        Map<String, Object> protection = new LinkedHashMap<>();
        fd.flatMap(CephReport::geographicObjective).ifPresent(g -> protection.put("RecoveryGeographicObjective", g));
        boolean rbd = apps.contains("rbd");
        protection.put("ReplicaType", rbd ? List.of("Snapshot", "Clone") : List.of("Snapshot"));
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("DataStorageLineOfService", dataStorage);
        caps.put("DataProtectionLineOfService", protection);
        if (rbd && !erasure) {
            caps.put("IOConnectivityLineOfService", Map.of("AccessProtocol", "RBD"));
        } else if (rbd) {
            // RBD keeps image metadata in a replicated pool: an EC pool only serves as --data-pool.
            advanced.put("ceph.rbdDataPoolOnly", true);
        }
        caps.put("advanced", advanced);
        String storageType = rbd ? "block" : apps.contains("cephfs") ? "file" : "object";
        String description = (erasure ? "erasure-coded " + advanced.get("ceph.k") + "+" + advanced.get("ceph.m")
                : "replicated x" + size) + " Ceph pool" + (apps.isEmpty() ? "" : " (" + String.join(", ", apps) + ")");
        return new DiscoveredPool(name, name, storageType, description, total, Math.min(free, total), status, caps,
                reason);
    }
}
