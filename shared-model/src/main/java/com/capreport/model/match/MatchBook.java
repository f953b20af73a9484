package com.capreport.model.match;

import com.capreport.model.Estate;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Every profile matched against every pool, kept up to date incrementally: {@link #sync} looks at
 * what changed since the last estate (a pool record, a pool's standing, a profile) and re-evaluates
 * only that. One pool changing costs one evaluation per profile, not a pass over the estate.
 *
 * <p>Not thread-safe: one owner thread calls {@code sync}; reports it hands out are immutable
 * snapshots and may be read anywhere.
 */
public final class MatchBook {
    private static final int CAUSE_LINES = 5;
    /** How many of the closest pools an unsatisfiable profile's report names. */
    static final int CLOSEST = 3;
    private static final String EDITED = "the profile was edited";
    /** Fills the requirement evaluation's memo of recent values: no pool reports it. */
    private static final Object NOT_SEEN = new Object();

    private Map<String, Integer> slotOf = new HashMap<>();
    private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
    private PoolSpec[] pools = new PoolSpec[64];
    private Standing[] standings = new Standing[64];
    /** The sync that last saw each slot: what was not seen is gone, without a set of ids per sync. */
    private int[] seenIn = new int[64];
    private int generation;
    /** The slot of each position of the last synced estate's pool list (a guess: checked by identity). */
    private int[] slotByIndex = new int[0];
    private int highWater;
    /** Live slots by free capacity (most first), shared by every profile's report; null after a change. */
    private int[] ranked;
    /** The usable ones of {@code ranked}, in its order; null after a change. */
    private int[] usableRanked;
    /** The usable live slots as a bit set; null after a change. */
    private long[] usableBits;
    /** A report's suggestions (worked out when read) hold the columns: copy them before the next write. */
    private boolean columnsShared;
    /**
     * Reports share {@code pools} and {@code standings} (and each entry its masks) instead of copying
     * them; the book copies an array on its next write once a report holds it (copy on write).
     */
    private boolean poolsShared;
    /**
     * Capability values by path, one slot each, kept current by {@code put}/{@code remove}: built
     * when a full evaluation or a report first needs a path, so suggestions read an array instead of
     * walking every candidate's capability maps.
     */
    private final Map<String, Object[]> columns = new HashMap<>();
    private final Map<String, Requirement> columnReaders = new HashMap<>();
    /**
     * Each column's numbers as doubles (NaN for anything that is not a {@link Number}): numeric
     * requirements and relaxations compare these instead of dereferencing a boxed value per pool.
     */
    private final Map<String, double[]> numbers = new HashMap<>();
    private final Map<String, Entry> profiles = new LinkedHashMap<>();
    /** In the operation under way: profiles that lost a match to a lease lost in an etcd outage, or to anything else. */
    private final Set<String> lostInOutage = new java.util.HashSet<>();
    private final Set<String> lostOtherwise = new java.util.HashSet<>();

    /** One profile's column of the book. */
    private static final class Entry {
        final CompiledProfile compiled;
        /**
         * The fail mask by slot; null while {@code failing} describes the masks (after a full
         * evaluation, until the first pool changes): 100 profiles' masks are then not written out.
         */
        int[] masks;
        /** Per requirement: the failing slots as a bit set, shared between profiles and never written. */
        long[][] failing;
        int capacity;
        int matches;
        /** Per requirement: usable pools that fail it. */
        final int[] blocking;
        boolean masksShared;

        Entry(CompiledProfile compiled, long[][] failing, int capacity) {
            this.compiled = compiled;
            this.failing = failing;
            this.capacity = capacity;
            this.blocking = new int[compiled.requirements.size()];
        }

        int mask(int slot) {
            return masks != null ? masks[slot] : Masks.of(failing, slot);
        }

        /** Before writing masks: write them out from the bit sets, or copy what a report holds. */
        void ownMasks() {
            if (masks == null) {
                int[] out = new int[capacity];
                for (int i = 0; i < failing.length; i++) {
                    long[] fails = failing[i];
                    for (int w = 0; w < fails.length; w++) {
                        for (long bits = fails[w]; bits != 0; bits &= bits - 1) {
                            out[w << 6 | Long.numberOfTrailingZeros(bits)] |= 1 << i;
                        }
                    }
                }
                masks = out;
                failing = null;
                masksShared = false;
            } else if (masksShared) {
                masks = masks.clone();
                masksShared = false;
            }
        }

        /** The masks as a report holds them: the book copies before its next write. */
        Masks view() {
            if (masks != null) {
                masksShared = true;
            }
            return new Masks(masks, failing);
        }

        Cell cell(int mask, Standing standing) {
            if (!standing.usable()) {
                return standing.cell();
            }
            return mask == 0 && compiled.valid() ? Cell.MATCH : Cell.FAILS;
        }

        void count(int mask, Standing standing, int sign) {
            if (!standing.usable() || !compiled.valid()) {
                return;
            }
            if (mask == 0) {
                matches += sign;
            }
            for (int i = 0; i < blocking.length; i++) {
                if ((mask & (1 << i)) != 0) {
                    blocking[i] += sign;
                }
            }
        }
    }

    /** Syncs to the estate and its own profiles. */
    public List<ProfileChange> sync(Estate estate) {
        return sync(estate, estate.profiles());
    }

    /**
     * Brings the book to {@code estate}'s pools and the given profiles (which need not be the
     * estate's: offline what-if and the editor's preview bring their own). Returns the profiles
     * whose match count changed, with the cause.
     */
    public List<ProfileChange> sync(Estate estate, List<ProfileSpec> wanted) {
        Map<String, List<String>> causes = new HashMap<>();
        Map<String, Integer> before = counts();
        syncPools(estate, causes);
        Set<String> added = syncProfiles(wanted, causes);
        return changesSince(before, added, causes);
    }

    /**
     * {@link #sync} without working out what changed (no causes read, no suggestions for profiles
     * that fell): a one-shot evaluation ({@link Matcher}) never reads the changes.
     */
    void load(Estate estate, List<ProfileSpec> wanted) {
        Map<String, List<String>> causes = new HashMap<>();
        syncPools(estate, causes);
        syncProfiles(wanted, causes);
        lostInOutage.clear();
        lostOtherwise.clear();
    }

    private List<ProfileChange> changesSince(Map<String, Integer> before, Set<String> added,
                                             Map<String, List<String>> causes) {
        List<ProfileChange> changes = new ArrayList<>();
        for (Map.Entry<String, Entry> pe : profiles.entrySet()) {
            Entry e = pe.getValue();
            String id = pe.getKey();
            int was = added.contains(id) ? -1 : before.getOrDefault(id, -1);
            // An edit is always reported: it may move the threshold without moving the count.
            if (was == e.matches && !causes.getOrDefault(id, List.of()).contains(EDITED)) {
                continue;
            }
            ProfileSpec spec = e.compiled.spec;
            boolean fell = e.matches < spec.threshold() && (was < 0 || was >= spec.threshold());
            Optional<Suggestion> suggestion = fell ? report(id).suggestions().stream().findFirst() : Optional.empty();
            boolean outageOnly = e.matches < was && lostInOutage.contains(id) && !lostOtherwise.contains(id)
                    && !causes.getOrDefault(id, List.of()).contains(EDITED);
            changes.add(new ProfileChange(spec, was, e.matches, causes.getOrDefault(id, List.of()), suggestion,
                    outageOnly));
        }
        lostInOutage.clear();
        lostOtherwise.clear();
        return changes;
    }

    /**
     * One pool changed (a watcher knows which): re-evaluates that pool for every profile, without
     * looking at the rest of the estate. {@code standing} comes from {@link Standing#of}. Returns
     * the profiles whose match count changed.
     */
    public List<ProfileChange> putPool(PoolSpec pool, Standing standing) {
        Map<String, List<String>> causes = new HashMap<>();
        Map<String, Integer> before = counts();
        put(pool, standing, causes);
        return changesSince(before, Set.of(), causes);
    }

    /** One pool is gone; a no-op for a pool the book does not hold. */
    public List<ProfileChange> removePool(String poolId) {
        if (!slotOf.containsKey(poolId)) {
            return List.of();
        }
        Map<String, List<String>> causes = new HashMap<>();
        Map<String, Integer> before = counts();
        remove(poolId, causes);
        return changesSince(before, Set.of(), causes);
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> out = new HashMap<>();
        profiles.forEach((id, e) -> out.put(id, e.matches));
        return out;
    }

    private void syncPools(Estate estate, Map<String, List<String>> causes) {
        Function<PoolSpec, Standing> standingOf = Standing.resolver(estate);
        int gen = ++generation;
        int seen = 0;
        List<PoolSpec> list = estate.pools();
        if (slotOf.isEmpty() && highWater == 0 && list.size() > pools.length) {
            presize(list.size()); // a first load: no rehashing and regrowing on the way to 100,000 pools
        }
        int[] last = slotByIndex;
        int[] now = new int[list.size()];
        for (int i = 0; i < now.length; i++) {
            PoolSpec p = list.get(i);
            Standing s = standingOf.apply(p);
            // Estates list their pools in a stable order: the slot the same record had last time
            // is found by position and identity, without hashing the id.
            int guess = i < last.length ? last[i] : -1;
            int slot = guess >= 0 && pools[guess] == p ? guess : slotOf.getOrDefault(p.id(), -1);
            if (slot >= 0 && (pools[slot] == p || pools[slot].equals(p)) && standings[slot].equals(s)) {
                seen += seenIn[slot] == gen ? 0 : 1;
                seenIn[slot] = gen;
                now[i] = slot;
                continue;
            }
            int at = put(p, s, causes); // may grow seenIn: index it afterwards
            seen += seenIn[at] == gen ? 0 : 1;
            seenIn[at] = gen;
            now[i] = at;
        }
        slotByIndex = now;
        // Counted by slot, not by list size: an estate listing one id twice must not hide a vanished pool.
        if (seen != slotOf.size()) {
            for (int slot = 0; slot < highWater; slot++) {
                if (pools[slot] != null && seenIn[slot] != gen) {
                    remove(pools[slot].id(), causes);
                }
            }
        }
    }

    private Set<String> syncProfiles(List<ProfileSpec> wanted, Map<String, List<String>> causes) {
        Set<String> added = new HashSet<>();
        Map<String, ProfileSpec> byId = new LinkedHashMap<>();
        wanted.forEach(p -> byId.put(p.id(), p));
        profiles.keySet().removeIf(id -> !byId.containsKey(id));
        List<ProfileSpec> fresh = new ArrayList<>();
        for (ProfileSpec spec : byId.values()) {
            Entry old = profiles.get(spec.id());
            if (old == null || !old.compiled.spec.equals(spec)) {
                fresh.add(spec);
            }
        }
        List<Entry> evaluated = evaluateAll(fresh);
        for (Entry e : evaluated) {
            String id = e.compiled.spec.id();
            if (profiles.containsKey(id)) {
                causes.computeIfAbsent(id, x -> new ArrayList<>()).add(EDITED);
            } else {
                added.add(id);
            }
            profiles.put(id, e);
        }
        // Columns of paths no profile uses any more are dropped, so they stop costing on every put.
        Set<String> used = new HashSet<>();
        profiles.values().forEach(e -> e.compiled.requirements.forEach(r -> used.add(r.path())));
        columns.keySet().retainAll(used);
        numbers.keySet().retainAll(used);
        columnReaders.keySet().retainAll(used);
        // Keep the caller's order: reports and the gap matrix list profiles as given.
        if (!new ArrayList<>(profiles.keySet()).equals(new ArrayList<>(byId.keySet()))) {
            Map<String, Entry> ordered = new LinkedHashMap<>();
            byId.keySet().forEach(id -> ordered.put(id, profiles.get(id)));
            profiles.clear();
            profiles.putAll(ordered);
        }
        return added;
    }

    /**
     * New and edited profiles against every pool, column-wise: each capability path is looked up
     * once per pool, each distinct requirement (profiles share many: {@code <in> Thin}) is tested
     * once per pool into a bit set of failing slots, and a profile's masks and counts are assembled
     * from its requirements' bit sets a word (64 pools) at a time. Stages run in parallel; the pools
     * are only read here and each task writes only its own arrays.
     */
    private List<Entry> evaluateAll(List<ProfileSpec> fresh) {
        if (fresh.isEmpty()) {
            return List.of();
        }
        List<CompiledProfile> compiled = fresh.stream().map(CompiledProfile::compile).toList();
        Map<String, Requirement> byPath = new LinkedHashMap<>();
        Map<String, Integer> distinctIndex = new HashMap<>();
        List<Requirement> distinct = new ArrayList<>();
        for (CompiledProfile c : compiled) {
            for (Requirement r : c.requirements) {
                byPath.putIfAbsent(r.path(), r);
                if (distinctIndex.putIfAbsent(key(r), distinct.size()) == null) {
                    distinct.add(r);
                }
            }
        }
        columns.forEach((path, column) -> byPath.remove(path)); // already current
        buildColumns(new ArrayList<>(byPath.values()));
        int n = highWater;
        int words = (n + 63) >>> 6;
        long[] usable = new long[words];
        for (int slot = 0; slot < n; slot++) {
            if (pools[slot] != null && standings[slot].usable()) {
                usable[slot >>> 6] |= 1L << slot;
            }
        }
        long[][] failing = new long[distinct.size()][];
        int[] blocked = new int[distinct.size()]; // usable pools failing each distinct requirement
        IntStream.range(0, distinct.size()).parallel().forEach(j -> {
            Requirement r = distinct.get(j);
            Object[] column = columns.get(r.path());
            double[] number = numbers.get(r.path());
            boolean numeric = r.operator().numeric();
            long[] fails = new long[words];
            // Many pools report the very same value object (Boolean.TRUE, a driver's constant text):
            // the last few distinct ones and their answers, compared by identity.
            Object[] seen = new Object[8];
            Arrays.fill(seen, NOT_SEEN); // not null: null is a reported value
            boolean[] seenFails = new boolean[8];
            int next = 0;
            for (int slot = 0; slot < n; slot++) {
                double x = number[slot]; // NaN for an empty slot, as for anything not a number
                if (numeric && x == x) {
                    if (!r.satisfiesNumber(x)) {
                        fails[slot >>> 6] |= 1L << slot;
                    }
                    continue;
                }
                Object v = column[slot];
                if (pools[slot] == null) {
                    continue;
                }
                boolean fail;
                int k = 0;
                while (k < seen.length && seen[k] != v) {
                    k++;
                }
                if (k < seen.length) {
                    fail = seenFails[k];
                } else {
                    fail = v == Requirement.ABSENT || !r.satisfies(v);
                    seen[next] = v;
                    seenFails[next] = fail;
                    next = (next + 1) & (seen.length - 1);
                }
                if (fail) {
                    fails[slot >>> 6] |= 1L << slot;
                }
            }
            int count = 0;
            for (int w = 0; w < words; w++) {
                count += Long.bitCount(fails[w] & usable[w]);
            }
            failing[j] = fails;
            blocked[j] = count;
        });
        return compiled.parallelStream().map(c -> {
            long[][] fails = new long[c.requirements.size()][];
            Entry e = new Entry(c, fails, pools.length);
            if (!c.valid()) {
                return e; // matches nothing, blocks nothing: as Entry.count leaves it
            }
            long[] anyFails = new long[words];
            for (int i = 0; i < fails.length; i++) {
                int j = distinctIndex.get(key(c.requirements.get(i)));
                fails[i] = failing[j];
                e.blocking[i] = blocked[j];
                for (int w = 0; w < words; w++) {
                    anyFails[w] |= failing[j][w];
                }
            }
            int matches = 0;
            for (int w = 0; w < words; w++) {
                matches += Long.bitCount(usable[w] & ~anyFails[w]);
            }
            e.matches = matches;
            return e;
        }).toList();
    }

    /**
     * Columns for new paths in one pass over the pools (row-wise: a pool's capability maps are read
     * once for all paths, not once per path), split into ranges over the cores.
     */
    private void buildColumns(List<Requirement> readers) {
        if (readers.isEmpty()) {
            return;
        }
        Object[][] built = new Object[readers.size()][];
        for (int j = 0; j < built.length; j++) {
            built[j] = new Object[pools.length];
            Arrays.fill(built[j], Requirement.ABSENT);
        }
        int chunk = 4096;
        int n = highWater;
        IntStream.range(0, (n + chunk - 1) / chunk).parallel().forEach(k -> {
            for (int slot = k * chunk; slot < Math.min(n, (k + 1) * chunk); slot++) {
                PoolSpec p = pools[slot];
                if (p != null) {
                    for (int j = 0; j < built.length; j++) {
                        built[j][slot] = readers.get(j).valueIn(p);
                    }
                }
            }
        });
        double[][] asNumbers = new double[built.length][];
        IntStream.range(0, built.length).parallel().forEach(j -> {
            double[] d = new double[built[j].length];
            for (int slot = 0; slot < d.length; slot++) {
                d[slot] = number(built[j][slot]);
            }
            asNumbers[j] = d;
        });
        for (int j = 0; j < built.length; j++) {
            columns.put(readers.get(j).path(), built[j]);
            numbers.put(readers.get(j).path(), asNumbers[j]);
            columnReaders.put(readers.get(j).path(), readers.get(j));
        }
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The numbers of a requirement's path (see {@link #numbers}), built on first use. */
    double[] numbers(Requirement r) {
        column(r);
        return numbers.get(r.path());
    }

    /** The column of a requirement's path, built on first use. */
    Object[] column(Requirement r) {
        Object[] c = columns.get(r.path());
        if (c == null) {
            buildColumns(List.of(r));
            c = columns.get(r.path());
        }
        return c;
    }

    private static String key(Requirement r) {
        return r.path() + '\u0000' + r.expression();
    }

    private int put(PoolSpec p, Standing s, Map<String, List<String>> causes) {
        Integer existing = slotOf.get(p.id());
        int slot = existing != null ? existing : allocate(p.id());
        PoolSpec oldPool = pools[slot];
        Standing oldStanding = standings[slot];
        ranked = null;
        usableRanked = null;
        usableBits = null;
        ownPools();
        pools[slot] = p;
        ownColumns();
        columns.forEach((path, column) -> {
            column[slot] = columnReaders.get(path).valueIn(p);
            numbers.get(path)[slot] = number(column[slot]);
        });
        standings[slot] = s;
        for (Map.Entry<String, Entry> pe : profiles.entrySet()) {
            Entry e = pe.getValue();
            int oldMask = e.mask(slot);
            int mask = e.compiled.valid() ? e.compiled.failMask(p) : 0;
            e.ownMasks();
            if (oldPool != null) {
                e.count(oldMask, oldStanding, -1);
            }
            e.masks[slot] = mask;
            e.count(mask, s, +1);
            Cell was = oldPool == null ? null : e.cell(oldMask, oldStanding);
            Cell now = e.cell(mask, s);
            if (was == Cell.MATCH && now != Cell.MATCH) {
                (s.kind() == com.capreport.model.PoolStanding.Kind.STALE_ETCD_OUTAGE ? lostInOutage : lostOtherwise)
                        .add(pe.getKey());
            }
            if (was != now && (was == Cell.MATCH || now == Cell.MATCH)) {
                String line = now == Cell.MATCH ? name(p) + " now matches"
                        : name(p) + (was == null ? " does not match: " : " no longer matches: ")
                        + firstReason(e, p, s, mask);
                addCause(causes, pe.getKey(), line);
            }
        }
        return slot;
    }

    private static String firstReason(Entry e, PoolSpec p, Standing s, int mask) {
        if (!s.usable()) {
            return s.why();
        }
        List<Reason> r = e.compiled.reasons(p, mask);
        return r.isEmpty() ? "the profile has errors" : r.stream().map(Reason::message)
                .reduce((a, b) -> a + "; " + b).orElse("");
    }

    private void remove(String poolId, Map<String, List<String>> causes) {
        int slot = slotOf.remove(poolId);
        ranked = null;
        usableRanked = null;
        usableBits = null;
        for (Map.Entry<String, Entry> pe : profiles.entrySet()) {
            Entry e = pe.getValue();
            int oldMask = e.mask(slot);
            if (e.cell(oldMask, standings[slot]) == Cell.MATCH) {
                lostOtherwise.add(pe.getKey());
                addCause(causes, pe.getKey(), name(pools[slot]) + " is gone (no longer reported)");
            }
            e.count(oldMask, standings[slot], -1);
            e.ownMasks();
            e.masks[slot] = 0;
        }
        ownPools();
        pools[slot] = null;
        standings[slot] = null;
        ownColumns();
        columns.values().forEach(column -> column[slot] = Requirement.ABSENT);
        numbers.values().forEach(column -> column[slot] = Double.NaN);
        freeSlots.push(slot);
    }

    private static void addCause(Map<String, List<String>> causes, String profileId, String line) {
        List<String> l = causes.computeIfAbsent(profileId, x -> new ArrayList<>());
        if (l.size() < CAUSE_LINES) {
            l.add(line);
        } else if (l.size() == CAUSE_LINES) {
            l.add("and more");
        }
    }

    private int allocate(String poolId) {
        int slot;
        if (!freeSlots.isEmpty()) {
            slot = freeSlots.pop();
        } else {
            if (highWater == pools.length) {
                int n = pools.length * 2;
                pools = Arrays.copyOf(pools, n);
                standings = Arrays.copyOf(standings, n);
                poolsShared = false;
                seenIn = Arrays.copyOf(seenIn, n);
                for (Entry e : profiles.values()) {
                    e.capacity = n; // bit sets end before the new slots: those read as 0
                    if (e.masks != null) {
                        e.masks = Arrays.copyOf(e.masks, n);
                        e.masksShared = false;
                    }
                }
                columns.replaceAll((path, column) -> Arrays.copyOf(column, n));
                numbers.replaceAll((path, column) -> Arrays.copyOf(column, n));
                columnsShared = false;
            }
            slot = highWater++;
        }
        slotOf.put(poolId, slot);
        return slot;
    }

    private void presize(int count) {
        int n = Integer.highestOneBit(count - 1) << 1;
        slotOf = new HashMap<>(count * 4 / 3 + 1);
        pools = new PoolSpec[n];
        standings = new Standing[n];
        poolsShared = false;
        seenIn = new int[n];
        columns.replaceAll((path, column) -> {
            Object[] grown = Arrays.copyOf(column, n);
            Arrays.fill(grown, column.length, n, Requirement.ABSENT);
            return grown;
        });
        numbers.replaceAll((path, column) -> {
            double[] grown = Arrays.copyOf(column, n);
            Arrays.fill(grown, column.length, n, Double.NaN);
            return grown;
        });
        columnsShared = false;
        for (Entry e : profiles.values()) {
            e.capacity = n;
            e.masks = e.masks == null ? null : Arrays.copyOf(e.masks, n);
            e.masksShared = false;
        }
    }

    private void ownColumns() {
        if (columnsShared) {
            columns.replaceAll((path, column) -> column.clone());
            numbers.replaceAll((path, column) -> column.clone());
            columnsShared = false;
        }
    }

    private void ownPools() {
        if (poolsShared) {
            pools = pools.clone();
            standings = standings.clone();
            poolsShared = false;
        }
    }

    static String name(PoolSpec p) {
        return com.capreport.model.PoolNames.of(p);
    }

    // ---------------------------------------------------------------- queries

    /** The profiles in the book, in the order last synced. */
    public List<ProfileSpec> profiles() {
        return profiles.values().stream().map(e -> e.compiled.spec).toList();
    }

    /** Pools currently in the book. */
    public int poolCount() {
        return slotOf.size();
    }

    /** Live pools serving the profile; 0 for an unknown profile. */
    public int matchCount(String profileId) {
        Entry e = profiles.get(profileId);
        return e == null ? 0 : e.matches;
    }

    /** The gap-matrix cell; STALE/FAILS for pools that cannot serve anything. */
    public Cell cell(String profileId, String poolId) {
        Entry e = profiles.get(profileId);
        Integer slot = slotOf.get(poolId);
        if (e == null || slot == null) {
            throw new IllegalArgumentException("no profile " + profileId + " or pool " + poolId + " in the book");
        }
        return e.cell(e.mask(slot), standings[slot]);
    }

    private static List<Reason> reasonsOf(CompiledProfile c, PoolSpec pool, Standing s, int mask) {
        List<Reason> out = new ArrayList<>();
        if (!s.usable()) {
            out.add(s.reason());
        }
        if (!c.valid()) {
            out.add(new Reason("", Reason.Kind.PROFILE_INVALID, "the profile has errors: " + String.join("; ", c.errors)));
        } else {
            out.addAll(c.reasons(pool, mask));
        }
        return out;
    }

    /** The full report of one profile; an immutable snapshot (reasons are written out on demand). */
    public ProfileReport report(String profileId) {
        Entry e = profiles.get(profileId);
        if (e == null) {
            throw new IllegalArgumentException("no profile " + profileId + " in the book");
        }
        return reportOf(e).get();
    }

    /** Every profile's report, in the book's order: taken from the book in turn, then built on both cores. */
    List<ProfileReport> reports() {
        List<Supplier<ProfileReport>> built = new ArrayList<>(profiles.size());
        profiles.values().forEach(e -> built.add(reportOf(e)));
        return built.parallelStream().map(Supplier::get).toList();
    }

    /**
     * Takes what a report needs from the book (marking the arrays it keeps as shared) and returns
     * the rest of the work, which reads only what it took and may run on any thread.
     */
    private Supplier<ProfileReport> reportOf(Entry e) {
        CompiledProfile c = e.compiled;
        if (!c.valid()) {
            ProfileReport invalid = new ProfileReport(c.spec, c.errors, List.of(), List.of(), Optional.empty(), List.of());
            return () -> invalid;
        }
        int[] order = usableRanked();
        int[] all = ranked();
        long[] usable = usableBits;
        int live = slotOf.size();
        int matches = e.matches;
        Masks masks = e.view();
        // The suggestions read the columns when first asked for: they hold them as they are now.
        Object[][] columnByBit = new Object[c.requirements.size()][];
        double[][] numbersByBit = new double[columnByBit.length][];
        for (int bit = 0; bit < columnByBit.length; bit++) {
            columnByBit[bit] = column(c.requirements.get(bit));
            numbersByBit[bit] = numbers(c.requirements.get(bit));
        }
        PoolSpec[] poolsNow = pools;
        Standing[] standingsNow = standings;
        poolsShared = true;
        columnsShared = true;
        Optional<Blocker> blocker = blocker(e);
        // Only a profile no pool serves is explained further; full matching pays nothing for it.
        List<Blocker> excludingAll = matches == 0 ? excludingAll(e, order.length) : List.of();
        return () -> {
            long[] anyFails = masks.anyFails();
            // One walk in rank order over live slots: the ranked matches without sorting anything.
            int[] matchSlots = new int[matches];
            int k = 0;
            for (int slot : order) {
                if (anyFails != null ? (slot >>> 6 >= anyFails.length || (anyFails[slot >>> 6] & 1L << slot) == 0)
                        : masks.of(slot) == 0) {
                    if (k == matchSlots.length) {
                        matchSlots = Arrays.copyOf(matchSlots, k * 2 + 1);
                    }
                    matchSlots[k++] = slot;
                }
            }
            matchSlots = k == matchSlots.length ? matchSlots : Arrays.copyOf(matchSlots, k);
            List<Suggestion> suggestions = new SlotLists.Lazy<>(() -> suggestions(c, order, usable, masks, poolsNow,
                    columnByBit, numbersByBit));
            List<NonMatch> nonMatches = new NonMatches(c, poolsNow, standingsNow, masks, all, live - k);
            List<NearMiss> closest = k == 0 && order.length > 0
                    ? new SlotLists.Lazy<>(() -> closest(c, order, masks, poolsNow)) : List.of();
            return new ProfileReport(c.spec, List.of(), new SlotLists.OfPools(poolsNow, matchSlots), nonMatches, blocker,
                    suggestions, excludingAll, closest);
        };
    }

    /** Requirements every one of the {@code usable} pools fails, in the profile's order; none without pools. */
    private static List<Blocker> excludingAll(Entry e, int usable) {
        if (usable == 0) {
            return List.of();
        }
        List<Blocker> out = new ArrayList<>();
        for (int i = 0; i < e.blocking.length; i++) {
            if (e.blocking[i] >= usable) {
                Requirement r = e.compiled.requirements.get(i);
                out.add(new Blocker(r.path(), r.expression(), e.blocking[i]));
            }
        }
        return out;
    }

    /**
     * The usable pools with the fewest failing requirements ({@link #CLOSEST} at most; ties in rank
     * order), each with what it lacks. One walk over the usable slots, read only when asked for.
     */
    private static List<NearMiss> closest(CompiledProfile c, int[] usableOrder, Masks masks, PoolSpec[] pools) {
        int[] slots = new int[CLOSEST];
        int[] fails = new int[CLOSEST];
        int n = 0;
        for (int slot : usableOrder) {
            int f = Integer.bitCount(masks.of(slot));
            if (n == CLOSEST && f >= fails[n - 1]) {
                continue;
            }
            int i = n < CLOSEST ? n++ : n - 1;
            while (i > 0 && fails[i - 1] > f) {
                slots[i] = slots[i - 1];
                fails[i] = fails[i - 1];
                i--;
            }
            slots[i] = slot;
            fails[i] = f;
        }
        List<NearMiss> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            PoolSpec pool = pools[slots[j]];
            int mask = masks.of(slots[j]);
            List<String> lacks = new ArrayList<>(Integer.bitCount(mask));
            for (int bit = 0; bit < c.requirements.size(); bit++) {
                if ((mask & 1 << bit) != 0) {
                    Requirement r = c.requirements.get(bit);
                    lacks.add(r.lack(r.valueIn(pool)));
                }
            }
            out.add(new NearMiss(pool, lacks));
        }
        return out;
    }

    /** Candidates (live slots failing exactly one requirement, in rank order) and their relaxations. */
    private static List<Suggestion> suggestions(CompiledProfile c, int[] usableOrder, long[] usable, Masks masks,
                                                PoolSpec[] pools, Object[][] columnByBit, double[][] numbersByBit) {
        long[] exactlyOne = masks.exactlyOne();
        int[][] onlyFailing = exactlyOne == null ? onlyFailingBySlot(c, usableOrder, masks)
                : onlyFailing(usableOrder, usable, masks.failing(), exactlyOne);
        return Suggestions.of(c, onlyFailing, pools, columnByBit, numbersByBit);
    }

    /**
     * From bit sets: each requirement's only-failing set is a word-wise AND, its size a pop count;
     * one walk in rank order fills arrays of the right size.
     */
    private static int[][] onlyFailing(int[] usableOrder, long[] usable, long[][] failing, long[] exactlyOne) {
        long[][] only = new long[failing.length][];
        int[][] out = new int[failing.length][];
        int[] counts = new int[failing.length];
        for (int i = 0; i < failing.length; i++) {
            only[i] = new long[exactlyOne.length];
            int count = 0;
            for (int w = 0; w < Math.min(exactlyOne.length, failing[i].length); w++) {
                only[i][w] = failing[i][w] & exactlyOne[w];
                count += w < usable.length ? Long.bitCount(only[i][w] & usable[w]) : 0;
            }
            out[i] = count == 0 ? null : new int[count];
        }
        for (int slot : usableOrder) {
            int w = slot >>> 6;
            if (w >= exactlyOne.length || (exactlyOne[w] & 1L << slot) == 0) {
                continue;
            }
            for (int i = 0; i < only.length; i++) {
                if ((only[i][w] & 1L << slot) != 0) {
                    out[i][counts[i]++] = slot;
                    break;
                }
            }
        }
        return out;
    }

    /** From masks by slot: two walks in rank order, counting then filling arrays of the right size. */
    private static int[][] onlyFailingBySlot(CompiledProfile c, int[] usableOrder, Masks masks) {
        int[] counts = new int[c.requirements.size()];
        int[][] onlyFailing = new int[counts.length][];
        for (int pass = 0; pass < 2; pass++) {
            for (int slot : usableOrder) {
                int m = masks.of(slot);
                if (m != 0 && (m & (m - 1)) == 0) {
                    int bit = Integer.numberOfTrailingZeros(m);
                    if (pass == 0) {
                        counts[bit]++;
                    } else {
                        onlyFailing[bit][counts[bit]++] = slot;
                    }
                }
            }
            for (int bit = 0; pass == 0 && bit < counts.length; bit++) {
                onlyFailing[bit] = counts[bit] == 0 ? null : new int[counts[bit]];
                counts[bit] = 0;
            }
        }
        return onlyFailing;
    }

    /** Live slots by free capacity, most first (see {@link #BY_FREE}); shared until the next change. */
    private int[] ranked() {
        if (ranked == null) {
            ranked = rank();
        }
        return ranked;
    }

    /** {@link #ranked} without the pools that cannot serve anything: what reports walk. */
    private int[] usableRanked() {
        if (usableRanked == null) {
            int[] all = ranked();
            int[] out = new int[all.length];
            int k = 0;
            for (int slot : all) {
                if (standings[slot].usable()) {
                    out[k++] = slot;
                }
            }
            usableRanked = Arrays.copyOf(out, k);
            usableBits = new long[(highWater + 63) >>> 6];
            for (int slot : usableRanked) {
                usableBits[slot >>> 6] |= 1L << slot;
            }
        }
        return usableRanked;
    }

    /**
     * Sorts on primitives: each live slot's free capacity becomes its dense rank (most free = 0),
     * and (when the numbers fit in a long) its dock its rank among the dock ids; both are packed
     * with the slot into a long and sorted as such. Only runs that tie on what was packed (a few
     * pools of one dock with the same free capacity) go through {@link #BY_FREE} for the rest of
     * the tie-breaks. Same order as sorting by BY_FREE.
     */
    private int[] rank() {
        int n = slotOf.size();
        int[] live = new int[n];
        long[] free = new long[n];
        int i = 0;
        for (int slot = 0; slot < highWater; slot++) {
            if (pools[slot] != null) {
                live[i] = slot;
                free[i++] = pools[slot].freeCapacityBytes();
            }
        }
        long[] distinct = free.clone();
        Arrays.sort(distinct);
        int d = 0;
        for (int j = 0; j < n; j++) {
            if (j == 0 || distinct[j] != distinct[d - 1]) {
                distinct[d++] = distinct[j];
            }
        }
        // 19 + 20 + 24 bits: the packed key stays positive, so a signed sort is the right order.
        int[] dockRank = d < 1 << 19 && highWater < 1 << 24 ? dockRanks(live) : null;
        int shift = dockRank != null ? 24 : 32;
        long[] keys = new long[n];
        for (int j = 0; j < n; j++) {
            long denseDesc = d - 1 - Arrays.binarySearch(distinct, 0, d, free[j]);
            keys[j] = dockRank != null ? denseDesc << 44 | (long) dockRank[j] << 24 | live[j] : denseDesc << 32 | live[j];
        }
        Arrays.sort(keys);
        int[] out = new int[n];
        for (int j = 0; j < n; j++) {
            out[j] = (int) (keys[j] & (1L << shift) - 1);
        }
        // Runs that tie on the packed fields: where each starts (sorted apart, on both cores).
        int[] starts = new int[n + 1];
        int runs = 0;
        for (int j = 0; j < n; j++) {
            if (j == 0 || keys[j] >>> shift != keys[j - 1] >>> shift) {
                starts[runs++] = j;
            }
        }
        starts[runs] = n;
        PoolSpec[] at = pools;
        IntStream.range(0, runs).parallel().forEach(g -> {
            int from = starts[g];
            int to = starts[g + 1];
            if (to - from > 1) {
                Integer[] tie = new Integer[to - from];
                for (int j = from; j < to; j++) {
                    tie[j - from] = out[j];
                }
                Arrays.sort(tie, (a, b) -> BY_FREE.compare(at[a], at[b]));
                for (int j = from; j < to; j++) {
                    out[j] = tie[j - from];
                }
            }
        });
        return out;
    }

    /** Each live slot's dock as its rank among the distinct dock ids in text order; null when too many. */
    private int[] dockRanks(int[] live) {
        Map<String, Integer> index = new HashMap<>();
        List<String> docks = new ArrayList<>();
        int[] byIndex = new int[live.length];
        String last = null;
        int lastIndex = -1;
        for (int j = 0; j < live.length; j++) {
            String dock = pools[live[j]].dockId();
            if (!dock.equals(last)) { // pools of a dock are usually neighbours
                lastIndex = index.computeIfAbsent(dock, x -> {
                    docks.add(x);
                    return docks.size() - 1;
                });
                last = dock;
            }
            byIndex[j] = lastIndex;
        }
        if (docks.size() >= 1 << 20) {
            return null;
        }
        Integer[] order = new Integer[docks.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> docks.get(a).compareTo(docks.get(b)));
        int[] rankOf = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            rankOf[order[k]] = k;
        }
        for (int j = 0; j < live.length; j++) {
            byIndex[j] = rankOf[byIndex[j]];
        }
        return byIndex;
    }

    /** Most free capacity first; ties by dock and name so the order is stable. */
    static final Comparator<PoolSpec> BY_FREE = (a, b) -> {
        int c = Long.compare(b.freeCapacityBytes(), a.freeCapacityBytes());
        if (c != 0) {
            return c;
        }
        c = a.dockId().compareTo(b.dockId());
        c = c != 0 ? c : a.name().compareTo(b.name());
        c = c != 0 ? c : a.backend().compareTo(b.backend());
        return c != 0 ? c : a.id().compareTo(b.id());
    };

    private static Optional<Blocker> blocker(Entry e) {
        int best = -1;
        for (int i = 0; i < e.blocking.length; i++) {
            if (e.blocking[i] > 0 && (best < 0 || e.blocking[i] > e.blocking[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        Requirement r = e.compiled.requirements.get(best);
        return Optional.of(new Blocker(r.path(), r.expression(), e.blocking[best]));
    }

    /**
     * Non-matching pools whose reasons are written only when read: 100,000 pools stay cheap. It
     * holds the book's arrays as they were (the book copies before its next write) and finds which
     * slots do not match only when first read.
     */
    static final class NonMatches extends AbstractList<NonMatch> implements java.util.RandomAccess {
        private final CompiledProfile profile;
        private final PoolSpec[] pools;
        private final Standing[] standings;
        private final Masks masks;
        private final int[] order;
        private final int size;
        private int[] slots;

        NonMatches(CompiledProfile profile, PoolSpec[] pools, Standing[] standings, Masks masks, int[] order, int size) {
            this.profile = profile;
            this.pools = pools;
            this.standings = standings;
            this.masks = masks;
            this.order = order;
            this.size = size;
        }

        private synchronized int[] slots() {
            if (slots == null) {
                int[] out = new int[size];
                int k = 0;
                for (int slot : order) {
                    if (k < size && !(standings[slot].usable() && masks.of(slot) == 0)) {
                        out[k++] = slot;
                    }
                }
                slots = out;
            }
            return slots;
        }

        @Override
        public NonMatch get(int index) {
            java.util.Objects.checkIndex(index, size);
            int slot = slots()[index];
            Standing s = standings[slot];
            Cell cell = s.usable() ? Cell.FAILS : s.cell();
            return new NonMatch(pools[slot], cell, reasonsOf(profile, pools[slot], s, masks.of(slot)));
        }

        @Override
        public int size() {
            return size;
        }
    }

    /**
     * A profile's fail masks as a report holds them: the book's array by slot, or the bit sets of
     * failing slots per requirement (bit i of a mask is set when slot is in set i).
     */
    record Masks(int[] bySlot, long[][] failing) {
        int of(int slot) {
            return bySlot != null ? bySlot[slot] : of(failing, slot);
        }

        static int of(long[][] failing, int slot) {
            int mask = 0;
            int w = slot >>> 6;
            for (int i = 0; i < failing.length; i++) {
                if (w < failing[i].length && (failing[i][w] & 1L << slot) != 0) {
                    mask |= 1 << i;
                }
            }
            return mask;
        }

        /** Slots failing exactly one requirement, or null when the masks are by slot. */
        long[] exactlyOne() {
            if (failing == null) {
                return null;
            }
            int words = 0;
            for (long[] f : failing) {
                words = Math.max(words, f.length);
            }
            long[] one = new long[words];
            long[] two = new long[words];
            for (long[] f : failing) {
                for (int w = 0; w < f.length; w++) {
                    two[w] |= one[w] & f[w];
                    one[w] |= f[w];
                }
            }
            for (int w = 0; w < words; w++) {
                one[w] &= ~two[w];
            }
            return one;
        }

        /** Slots failing any requirement, or null when the masks are by slot. */
        long[] anyFails() {
            if (failing == null) {
                return null;
            }
            int words = 0;
            for (long[] f : failing) {
                words = Math.max(words, f.length);
            }
            long[] out = new long[words];
            for (long[] f : failing) {
                for (int w = 0; w < f.length; w++) {
                    out[w] |= f[w];
                }
            }
            return out;
        }
    }
}
