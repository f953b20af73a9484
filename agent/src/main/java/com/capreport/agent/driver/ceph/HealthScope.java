package com.capreport.agent.driver.ceph;

import static com.capreport.agent.driver.JsonOutput.text;

import com.capreport.model.PoolStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which pools each {@code ceph health detail} check is about. A check whose details name pools
 * ({@code pool 'x' is full}) or placement groups ({@code pg 3.5 …}: pool 3) applies to those pools
 * only; a check that names none (an OSD down, the mgr down) applies to every pool. Checks that say
 * nothing about the data (crash reports, clock skew, monitor disk, insecure auth, a pool without an
 * application tag, scrub errors already covered by PG_DAMAGED) change no pool. HEALTH_WARN makes a
 * pool degraded, HEALTH_ERR error.
 */
final class HealthScope {
    static final Set<String> NOT_ABOUT_DATA = Set.of("RECENT_CRASH", "RECENT_MGR_MODULE_CRASH", "MGR_MODULE_ERROR",
            "MGR_MODULE_DEPENDENCY", "TELEMETRY_CHANGED", "AUTH_INSECURE_GLOBAL_ID_RECLAIM",
            "AUTH_INSECURE_GLOBAL_ID_RECLAIM_ALLOWED", "MON_DISK_LOW", "MON_CLOCK_SKEW", "MON_MSGR2_NOT_ENABLED",
            "OSD_SCRUB_ERRORS", "POOL_APP_NOT_ENABLED", "OSD_NO_DOWN_OUT_INTERVAL", "DEVICE_HEALTH");
    private static final Pattern POOL = Pattern.compile("pool '([^']+)'");
    private static final Pattern PG = Pattern.compile("\\bpg (\\d+)\\.[0-9a-f]+");

    private final Map<String, PoolStatus> perPool = new HashMap<>();
    private final Map<String, List<String>> checksPerPool = new HashMap<>();
    private PoolStatus everyPool = PoolStatus.AVAILABLE;
    private final List<String> clusterChecks = new ArrayList<>();
    /** Check name → "NAME: summary message" and its status, in the order {@code ceph health detail} lists them. */
    private final Map<String, String> summaries = new HashMap<>();
    private final Map<String, PoolStatus> severities = new HashMap<>();
    /** "check|pool" → the detail line naming that pool ("pool 'quota-pool' is full (running out of quota)"). */
    private final Map<String, String> poolDetails = new HashMap<>();

    static HealthScope of(JsonNode health, Map<String, String> poolNamesById) {
        HealthScope h = new HealthScope();
        JsonNode checks = health.path("checks");
        Iterator<String> names = checks.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (NOT_ABOUT_DATA.contains(name)) {
                continue;
            }
            JsonNode check = checks.get(name);
            PoolStatus status = switch (text(check, "severity")) {
                case "HEALTH_ERR" -> PoolStatus.ERROR;
                case "HEALTH_WARN" -> PoolStatus.DEGRADED;
                default -> PoolStatus.AVAILABLE;
            };
            String summary = text(check.path("summary"), "message");
            h.summaries.put(name, summary.isEmpty() ? name : name + ": " + summary);
            h.severities.put(name, status);
            Set<String> pools = new LinkedHashSet<>();
            for (JsonNode d : check.path("detail")) {
                String msg = text(d, "message");
                Matcher pm = POOL.matcher(msg);
                while (pm.find()) {
                    pools.add(pm.group(1));
                    h.poolDetails.putIfAbsent(name + "|" + pm.group(1), msg);
                }
                Matcher gm = PG.matcher(msg);
                while (gm.find()) {
                    String pool = poolNamesById.get(gm.group(1));
                    if (pool != null) {
                        pools.add(pool);
                    }
                }
            }
            if (pools.isEmpty()) {
                h.everyPool = worse(h.everyPool, status);
                h.clusterChecks.add(name);
            } else {
                for (String p : pools) {
                    h.perPool.merge(p, status, HealthScope::worse);
                    h.checksPerPool.computeIfAbsent(p, x -> new ArrayList<>()).add(name);
                }
            }
        }
        return h;
    }

    PoolStatus status(String pool) {
        return worse(everyPool, perPool.getOrDefault(pool, PoolStatus.AVAILABLE));
    }

    /** The checks that apply to this pool: cluster-wide ones and its own. */
    List<String> checks(String pool) {
        List<String> out = new ArrayList<>(clusterChecks);
        out.addAll(checksPerPool.getOrDefault(pool, List.of()));
        return out;
    }

    /**
     * Why this pool is degraded or in error, in the cluster's words: each check that applies to it
     * and lowers its status, worst first ({@code "PG_DEGRADED: Degraded data redundancy: 18/82 objects
     * degraded (21.951%), 11 pgs degraded; OSD_DOWN: 1 osds down"}); empty for a healthy pool.
     */
    String reason(String pool) {
        return checks(pool).stream()
                .filter(c -> severities.getOrDefault(c, PoolStatus.AVAILABLE) != PoolStatus.AVAILABLE)
                .sorted(java.util.Comparator.comparingInt((String c) -> -rank(severities.get(c))))
                // A check about this very pool says it best in its own detail line; others by their summary.
                .map(c -> poolDetails.containsKey(c + "|" + pool) ? c + ": " + poolDetails.get(c + "|" + pool)
                        : summaries.get(c))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static PoolStatus worse(PoolStatus a, PoolStatus b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(PoolStatus s) {
        return switch (s) {
            case ERROR -> 2;
            case DEGRADED -> 1;
            default -> 0;
        };
    }
}
