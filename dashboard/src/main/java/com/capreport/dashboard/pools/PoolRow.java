package com.capreport.dashboard.pools;

import com.capreport.dashboard.common.Tone;
import com.capreport.model.Estate;
import com.capreport.model.Extras;
import com.capreport.model.PoolSpec;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One line of the pools table: the pool as reported, plus what an admin should believe about it
 * ({@code statusWord}: "stale" when nobody reports it any more, with the reason and last report).
 */
public record PoolRow(PoolSpec pool, String effectiveStatus, Tone tone, String statusWord, String statusReason,
                      Optional<Instant> lastReportedAt, String provisioning, String accessProtocol,
                      String recoverableSources, String geoObjective, String spaceEfficient) {

    public static final String PROVISIONING = "DataStorageLineOfService.ProvisioningPolicy";
    public static final String ACCESS = "IOConnectivityLineOfService.AccessProtocol";
    public static final String RECOVERABLE = "DataStorageLineOfService.RecoverableCapacitySourceCount";
    public static final String GEO = "DataProtectionLineOfService.RecoveryGeographicObjective";
    public static final String SPACE_EFFICIENT = "DataStorageLineOfService.IsSpaceEfficient";

    public static PoolRow of(PoolSpec p, Estate estate) {
        String eff = estate.effectiveStatus(p);
        Tone tone = Tone.ofPoolStatus(eff);
        String word = eff;
        String reason = "";
        Optional<Instant> last = Optional.ofNullable(p.updatedAt());
        if (eff.startsWith("stale")) {
            word = "stale";
            reason = eff.substring(eff.indexOf('(') + 1, eff.length() - 1);
            // A dead dock: its newest report of any pool. A dead loop: the dock still reports other
            // backends, so only this pool's own last write tells.
            if (eff.contains("dock")) {
                last = estate.lastReportedAt(p.dockId()).or(() -> Optional.ofNullable(p.updatedAt()));
            }
        }
        return new PoolRow(p, eff, tone, word, reason, last, cap(p, PROVISIONING), cap(p, ACCESS), cap(p, RECOVERABLE),
                cap(p, GEO), cap(p, SPACE_EFFICIENT));
    }

    /** A capability as text; "—" when the pool does not report it. */
    static String cap(PoolSpec p, String path) {
        return Extras.lookup(p.extras(), path).map(r -> text(r.value())).orElse("—");
    }

    static String text(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        return String.valueOf(v);
    }

    public String id() {
        return pool.id();
    }

    public boolean isStale() {
        return tone == Tone.STALE;
    }

    /** Whether this row matches a free-text filter (any visible column, case-insensitive). */
    public boolean matches(String needle) {
        if (needle == null || needle.isBlank()) {
            return true;
        }
        String n = needle.trim().toLowerCase(Locale.ROOT);
        return String.join("\u0000", pool.name(), pool.dockId(), pool.backend(), pool.driver(), pool.storageType(),
                        pool.availabilityZone(), effectiveStatus, provisioning, accessProtocol, recoverableSources,
                        geoObjective, spaceEfficient, pool.id())
                .toLowerCase(Locale.ROOT).contains(n);
    }
}
