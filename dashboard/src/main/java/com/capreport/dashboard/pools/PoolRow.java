package com.capreport.dashboard.pools;

import com.capreport.dashboard.common.Tone;
import com.capreport.model.Estate;
import com.capreport.model.Extras;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStanding;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One line of the pools table: the pool as reported, plus what an admin should believe about it
 * ({@code standing}; {@code statusWord}: "stale" when nobody reports it any more, with the reason and
 * the last report).
 */
public record PoolRow(PoolSpec pool, PoolStanding standing, Tone tone, String statusWord, String statusReason,
                      Optional<Instant> lastReportedAt, String provisioning, String accessProtocol,
                      String recoverableSources, String geoObjective, String spaceEfficient) {

    public static final String PROVISIONING = "DataStorageLineOfService.ProvisioningPolicy";
    public static final String ACCESS = "IOConnectivityLineOfService.AccessProtocol";
    public static final String RECOVERABLE = "DataStorageLineOfService.RecoverableCapacitySourceCount";
    public static final String GEO = "DataProtectionLineOfService.RecoveryGeographicObjective";
    public static final String SPACE_EFFICIENT = "DataStorageLineOfService.IsSpaceEfficient";

    public static PoolRow of(PoolSpec p, Estate estate) {
        return of(p, estate.standing(p), estate);
    }

    public static PoolRow of(PoolSpec p, PoolStanding standing, Estate estate) {
        String word = switch (standing.kind()) {
            // Its dock's lease lives but no proof of life is new: the values are not proven live.
            case NOT_CURRENT_ETCD_ALARM, NOT_CURRENT_DOCK_UNVERIFIED -> "not current";
            // Not stale because something died: nobody knows whether its dock still reports it.
            case DOCK_LIVENESS_UNKNOWN -> "unknown";
            default -> standing.stale() ? "stale" : standing.words();
        };
        Optional<Instant> last = Optional.ofNullable(p.updatedAt());
        // A dead dock: its newest report of any pool. A dead loop: the dock still reports other
        // backends, so only this pool's own last write tells.
        if (standing.stale() && standing.kind() != PoolStanding.Kind.STALE_LOOP_DEAD) {
            last = estate.lastReportedAt(p.dockId()).or(() -> Optional.ofNullable(p.updatedAt()));
        }
        return new PoolRow(p, standing, Tone.of(standing.kind()), word, standing.reason(), last, cap(p, PROVISIONING),
                cap(p, ACCESS), cap(p, RECOVERABLE), cap(p, GEO), cap(p, SPACE_EFFICIENT));
    }

    /** The status column's words ("available", "stale (dock dead)"): display only. */
    public String effectiveStatus() {
        return standing.words();
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

    /** When a stale pool's values stopped being live: its dock's death or stop, its loop key's expiry, else its last report. */
    public Optional<Instant> staleSince() {
        return standing.since().map(s -> s.at()).or(() -> lastReportedAt);
    }

    /**
     * "dock node-2 is dead, since 13:35:36 (2 min); last report 13:35:30 (2 min)" — the reason with
     * what its time means (seen by the dashboard, or only the last report).
     */
    public String staleText(Instant now) {
        String since = standing.since().map(s -> ", " + com.capreport.dashboard.common.Formats.since(s, now)).orElse("");
        boolean lastShown = standing.since().map(s -> s.basis() == com.capreport.model.Since.Basis.LAST_REPORT)
                .orElse(false);
        return statusReason + since + (lastShown ? "" : "; last report " + lastReportedAt
                .map(t -> com.capreport.dashboard.common.Formats.clockAndAge(t, now)).orElse("never"));
    }

    public boolean isStale() {
        return standing.stale();
    }

    /** Whether this row matches a free-text filter (any visible column, case-insensitive). */
    public boolean matches(String needle) {
        if (needle == null || needle.isBlank()) {
            return true;
        }
        String n = needle.trim().toLowerCase(Locale.ROOT);
        return String.join("\u0000", pool.name(), pool.dockId(), pool.backend(), pool.driver(), pool.storageType(),
                        pool.availabilityZone(), effectiveStatus(), provisioning, accessProtocol, recoverableSources,
                        geoObjective, spaceEfficient, pool.id())
                .toLowerCase(Locale.ROOT).contains(n);
    }
}
