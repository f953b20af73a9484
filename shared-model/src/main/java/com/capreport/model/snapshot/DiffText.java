package com.capreport.model.snapshot;

import com.capreport.model.Capacity;
import com.capreport.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A diff as lines for a terminal or a ticket: {@code +} added, {@code -} removed, {@code ~} changed. */
public final class DiffText {
    private DiffText() {
    }

    public static List<String> lines(SnapshotDiff d) {
        List<String> out = new ArrayList<>();
        if (d.identical()) {
            out.add("identical: same pools, capabilities, docks and profile matches");
            return out;
        }
        out.add("pools: " + d.poolsAdded().size() + " added, " + d.poolsRemoved().size() + " removed, "
                + d.poolsChanged().size() + " changed");
        d.poolsAdded().forEach(p -> out.add("  + " + p.name() + "  (" + p.id() + ")"));
        d.poolsRemoved().forEach(p -> out.add("  - " + p.name() + "  (" + p.id() + ")"));
        for (SnapshotDiff.PoolChange c : d.poolsChanged()) {
            out.add("  ~ " + c.pool().name());
            c.changes().forEach(v -> out.add("      " + change(v)));
        }
        if (!d.docks().isEmpty()) {
            out.add("docks:");
            d.docks().forEach(x -> out.add("  " + x.dockId() + " " + x.event().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ')));
        }
        if (!d.profiles().isEmpty()) {
            out.add("profiles:");
            for (SnapshotDiff.ProfileChange p : d.profiles()) {
                StringBuilder sb = new StringBuilder("  " + p.profileId() + " ");
                sb.append(switch (p.event()) {
                    case ADDED -> "added";
                    case REMOVED -> "removed";
                    case EDITED -> "edited";
                    case MATCHES_CHANGED -> "matches changed";
                });
                sb.append(": ").append(p.before()).append(" → ").append(p.after()).append(" matching pools");
                if (!p.lost().isEmpty()) {
                    sb.append("; lost ").append(names(p.lost()));
                }
                if (!p.gained().isEmpty()) {
                    sb.append("; gained ").append(names(p.gained()));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    private static String names(List<SnapshotDiff.PoolRef> pools) {
        String s = pools.stream().limit(5).map(SnapshotDiff.PoolRef::name).collect(Collectors.joining(", "));
        return pools.size() > 5 ? s + ", +" + (pools.size() - 5) + " more" : s;
    }

    /**
     * One changed value as a line ("path: before → after"; capacities with their signed delta, after
     * minus before: "freeCapacityBytes: 100 GiB → 80 GiB, −20 GiB (−20 %)"); the dashboard shows the same.
     */
    public static String change(SnapshotDiff.ValueChange v) {
        if (v.deltaBytes() != null) {
            String pct = v.deltaPercent() == null ? "" : " (" + Capacity.signedPercent(v.deltaPercent()) + ")";
            return v.path() + ": " + Capacity.human(((Number) v.before()).longValue()) + " → "
                    + Capacity.human(((Number) v.after()).longValue()) + ", " + Capacity.signed(v.deltaBytes()) + pct;
        }
        return v.path() + ": " + show(v.before(), v.beforeReported()) + " → " + show(v.after(), v.afterReported());
    }

    private static String show(Object v, boolean reported) {
        if (!reported) {
            return "(not reported)";
        }
        if (v == null) {
            return "null";
        }
        return v instanceof String s ? "\"" + s + "\"" : Json.encodeString(v);
    }
}
