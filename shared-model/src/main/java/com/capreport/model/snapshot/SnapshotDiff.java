package com.capreport.model.snapshot;

import com.capreport.model.Estate;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.capreport.model.Snapshot;
import com.capreport.model.match.MatchJson;
import com.capreport.model.match.Matcher;
import com.capreport.model.match.PoolValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What changed between two moments: pools added, removed and changed (each capability old → new,
 * capacities with their delta in bytes and percent), docks that died, stopped, came back, appeared
 * or disappeared, and profiles whose match sets changed.
 */
public record SnapshotDiff(List<PoolRef> poolsAdded, List<PoolRef> poolsRemoved, List<PoolChange> poolsChanged,
                           List<DockChange> docks, List<ProfileChange> profiles) {
    /** GiB fields repeat the byte fields: the diff shows capacity once, in bytes. */
    private static final Set<String> SKIPPED = Set.of("totalCapacity", "freeCapacity");

    public SnapshotDiff {
        poolsAdded = List.copyOf(poolsAdded);
        poolsRemoved = List.copyOf(poolsRemoved);
        poolsChanged = List.copyOf(poolsChanged);
        docks = List.copyOf(docks);
        profiles = List.copyOf(profiles);
    }

    /** A pool by id and its readable name ({@code dock/pool}). */
    public record PoolRef(String id, String name) {
        static PoolRef of(PoolSpec p) {
            return new PoolRef(p.id(), com.capreport.model.PoolNames.of(p));
        }
    }

    /**
     * One capability of one pool: before → after; capacity changes carry the delta. A value that
     * was (or is) not reported at all has {@code beforeReported}/{@code afterReported} false, which
     * tells it from a reported JSON null.
     */
    public record ValueChange(String path, Object before, Object after, Long deltaBytes, Double deltaPercent,
                              boolean beforeReported, boolean afterReported) {
    }

    public record PoolChange(PoolRef pool, List<ValueChange> changes) {
        public PoolChange {
            changes = List.copyOf(changes);
        }
    }

    public enum DockEvent { APPEARED, DISAPPEARED, DIED, STOPPED, CAME_BACK }

    public record DockChange(String dockId, DockEvent event) {
    }

    public enum ProfileEvent { ADDED, REMOVED, EDITED, MATCHES_CHANGED }

    /** A profile whose definition or match set changed; {@code gained}/{@code lost} are pools. */
    public record ProfileChange(String profileId, ProfileEvent event, int before, int after, List<PoolRef> gained,
                                List<PoolRef> lost) {
        public ProfileChange {
            gained = List.copyOf(gained);
            lost = List.copyOf(lost);
        }
    }

    @com.fasterxml.jackson.annotation.JsonProperty("identical")
    public boolean identical() {
        return poolsAdded.isEmpty() && poolsRemoved.isEmpty() && poolsChanged.isEmpty() && docks.isEmpty()
                && profiles.isEmpty();
    }

    public static SnapshotDiff between(Snapshot older, Snapshot newer) {
        Map<String, PoolSpec> before = byId(older.pools());
        Map<String, PoolSpec> after = byId(newer.pools());
        List<PoolRef> added = new ArrayList<>();
        List<PoolRef> removed = new ArrayList<>();
        List<PoolChange> changed = new ArrayList<>();
        after.forEach((id, p) -> {
            PoolSpec old = before.get(id);
            if (old == null) {
                added.add(PoolRef.of(p));
            } else if (!old.equals(p)) {
                List<ValueChange> c = changes(old, p);
                if (!c.isEmpty()) {
                    changed.add(new PoolChange(PoolRef.of(p), c));
                }
            }
        });
        before.forEach((id, p) -> {
            if (!after.containsKey(id)) {
                removed.add(PoolRef.of(p));
            }
        });
        Map<String, PoolRef> names = new LinkedHashMap<>();
        before.values().forEach(p -> names.put(p.id(), PoolRef.of(p)));
        after.values().forEach(p -> names.put(p.id(), PoolRef.of(p)));
        return new SnapshotDiff(added, removed, changed, docks(older, newer), profiles(older, newer, names));
    }

    private static Map<String, PoolSpec> byId(List<PoolSpec> pools) {
        Map<String, PoolSpec> out = new TreeMap<>();
        pools.forEach(p -> out.put(p.id(), p));
        return out;
    }

    static List<ValueChange> changes(PoolSpec old, PoolSpec now) {
        Map<String, Object> a = diffable(old);
        Map<String, Object> b = diffable(now);
        Set<String> paths = new LinkedHashSet<>(a.keySet());
        paths.addAll(b.keySet());
        List<ValueChange> out = new ArrayList<>();
        for (String path : paths) {
            if (SKIPPED.contains(path)) {
                continue;
            }
            Object x = a.get(path);
            Object y = b.get(path);
            if (Objects.equals(x, y) && a.containsKey(path) == b.containsKey(path)) {
                continue;
            }
            Long delta = null;
            Double percent = null;
            if (x instanceof Number nx && y instanceof Number ny && (path.endsWith("CapacityBytes")
                    || path.endsWith(com.capreport.model.Capacity.RESERVED_KEY))) {
                delta = ny.longValue() - nx.longValue();
                percent = nx.longValue() == 0 ? null : Math.round(delta * 1000.0 / nx.longValue()) / 10.0;
            }
            out.add(new ValueChange(path, x, y, delta, percent, a.containsKey(path), b.containsKey(path)));
        }
        return out;
    }

    /** Every capability path plus what profiles do not look at but an audit does: where a value came from. */
    private static Map<String, Object> diffable(PoolSpec p) {
        Map<String, Object> out = new LinkedHashMap<>(PoolValues.all(p));
        p.capabilitySources().forEach((path, source) -> out.put("capabilitySources." + path, source));
        return out;
    }

    static List<DockChange> docks(Snapshot older, Snapshot newer) {
        Map<String, Snapshot.DockEntry> a = new TreeMap<>();
        older.docks().forEach(d -> a.put(d.spec().id(), d));
        Map<String, Snapshot.DockEntry> b = new TreeMap<>();
        newer.docks().forEach(d -> b.put(d.spec().id(), d));
        List<DockChange> out = new ArrayList<>();
        Set<String> ids = new java.util.TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        for (String id : ids) {
            Snapshot.DockEntry x = a.get(id);
            Snapshot.DockEntry y = b.get(id);
            if (x == null) {
                out.add(new DockChange(id, DockEvent.APPEARED));
            } else if (y == null) {
                out.add(new DockChange(id, DockEvent.DISAPPEARED));
            } else if (x.alive() && !y.alive()) {
                out.add(new DockChange(id, y.spec().stoppedAt() != null ? DockEvent.STOPPED : DockEvent.DIED));
            } else if (!x.alive() && y.alive()) {
                out.add(new DockChange(id, DockEvent.CAME_BACK));
            }
        }
        return out;
    }

    static List<ProfileChange> profiles(Snapshot older, Snapshot newer, Map<String, PoolRef> names) {
        Map<String, ProfileSpec> a = new TreeMap<>();
        older.profiles().forEach(p -> a.put(p.id(), p));
        Map<String, ProfileSpec> b = new TreeMap<>();
        newer.profiles().forEach(p -> b.put(p.id(), p));
        Map<String, List<String>> ma = matches(older);
        Map<String, List<String>> mb = matches(newer);
        Set<String> ids = new java.util.TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        List<ProfileChange> out = new ArrayList<>();
        for (String id : ids) {
            Set<String> x = new java.util.LinkedHashSet<>(ma.getOrDefault(id, List.of()));
            Set<String> y = new java.util.LinkedHashSet<>(mb.getOrDefault(id, List.of()));
            List<PoolRef> gained = y.stream().filter(p -> !x.contains(p)).map(p -> names.getOrDefault(p,
                    new PoolRef(p, p))).toList();
            List<PoolRef> lost = x.stream().filter(p -> !y.contains(p)).map(p -> names.getOrDefault(p,
                    new PoolRef(p, p))).toList();
            ProfileEvent event;
            if (!a.containsKey(id)) {
                event = ProfileEvent.ADDED;
            } else if (!b.containsKey(id)) {
                event = ProfileEvent.REMOVED;
            } else if (!a.get(id).equals(b.get(id))) {
                event = ProfileEvent.EDITED;
            } else if (!gained.isEmpty() || !lost.isEmpty()) {
                event = ProfileEvent.MATCHES_CHANGED;
            } else {
                continue;
            }
            out.add(new ProfileChange(id, event, x.size(), y.size(), gained, lost));
        }
        return out;
    }

    /** The snapshot's recorded matches; recomputed when a hand-made file has profiles but no matches. */
    private static Map<String, List<String>> matches(Snapshot s) {
        Map<String, List<String>> out = new TreeMap<>();
        List<Snapshot.ProfileMatches> recorded = s.matches();
        if (recorded.isEmpty() && !s.profiles().isEmpty()) {
            recorded = MatchJson.snapshotMatches(Matcher.evaluate(s.profiles(), Estate.fromSnapshot(s)));
        }
        recorded.forEach(m -> out.put(m.profileId(), m.poolIds()));
        return out;
    }
}
