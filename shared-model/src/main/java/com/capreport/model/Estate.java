package com.capreport.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything under a prefix at one etcd revision, parsed: docks with their liveness and loops,
 * pools, profiles, and the entries that did not parse (someone wrote garbage: they are listed
 * with the key and the error, never dropped silently, never fatal).
 */
public final class Estate {
    private final long revision;
    private final List<DockView> docks;
    private final List<PoolSpec> pools;
    private final List<ProfileSpec> profiles;
    private final List<InvalidEntry> invalid;
    /** Acknowledgements as stored, expired ones included: readers decide with {@link Ack#activeAt}. */
    private final List<Ack> acks;
    /** Docks by id: pools look their dock up once each, so 10,000 pools on 1,000 docks stay cheap. */
    private final Map<String, DockView> dockIndex;
    /** The newest pool update per dock: "last reported" of a dead dock, looked up per pool. */
    private final Map<String, Instant> lastReport;
    /**
     * Pool id → position in {@link #pools}, built on first use and shared by the estates derived
     * with {@link #withPoolsReplaced} (their pools sit at the same positions). Empty map: ids repeat.
     */
    private volatile Map<String, Integer> poolIndex;
    /** etcd alarms the reader saw raised: while one is, every value of a live dock may be frozen. */
    private final List<EtcdAlarm> alarms;

    public Estate(long revision, List<DockView> docks, List<PoolSpec> pools, List<ProfileSpec> profiles,
                  List<InvalidEntry> invalid) {
        this(revision, docks, pools, profiles, invalid, List.of());
    }

    public Estate(long revision, List<DockView> docks, List<PoolSpec> pools, List<ProfileSpec> profiles,
                  List<InvalidEntry> invalid, List<Ack> acks) {
        this.revision = revision;
        this.acks = List.copyOf(acks);
        this.docks = List.copyOf(docks);
        this.pools = List.copyOf(pools);
        this.profiles = List.copyOf(profiles);
        this.invalid = List.copyOf(invalid);
        Map<String, DockView> index = new java.util.HashMap<>();
        this.docks.forEach(d -> index.put(d.dockId(), d));
        this.dockIndex = java.util.Collections.unmodifiableMap(index);
        Map<String, Instant> newest = new java.util.HashMap<>();
        for (PoolSpec p : this.pools) {
            if (p.updatedAt() != null) {
                newest.merge(p.dockId(), p.updatedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        // An agent rewrites a pool only when it changes, so a steady pool's updatedAt can be days old;
        // the spec's start (and last spec write) prove the agent ran later than that.
        for (DockView d : this.docks) {
            d.spec().ifPresent(sp -> {
                for (Instant t : new Instant[] {sp.startedAt(), sp.updatedAt()}) {
                    if (t != null) {
                        newest.merge(d.dockId(), t, (a, b) -> a.isAfter(b) ? a : b);
                    }
                }
            });
        }
        this.lastReport = java.util.Collections.unmodifiableMap(newest);
        this.alarms = List.of();
    }

    /** Trusted: the lists are immutable already and the indexes match them. */
    private Estate(long revision, List<DockView> docks, List<PoolSpec> pools, List<ProfileSpec> profiles,
                   List<InvalidEntry> invalid, List<Ack> acks, Map<String, DockView> dockIndex,
                   Map<String, Instant> lastReport, Map<String, Integer> poolIndex, List<EtcdAlarm> alarms) {
        this.revision = revision;
        this.acks = acks;
        this.docks = docks;
        this.pools = pools;
        this.profiles = profiles;
        this.invalid = invalid;
        this.dockIndex = dockIndex;
        this.lastReport = lastReport;
        this.poolIndex = poolIndex;
        this.alarms = alarms;
    }

    private Map<String, Integer> poolIndex() {
        Map<String, Integer> idx = poolIndex;
        if (idx == null) {
            Map<String, Integer> built = new java.util.HashMap<>(pools.size() * 2);
            for (int i = 0; i < pools.size(); i++) {
                if (built.put(pools.get(i).id(), i) != null) {
                    built = Map.of(); // the same id twice (hand-written garbage): no shortcut for this estate
                    break;
                }
            }
            idx = built;
            poolIndex = idx;
        }
        return idx;
    }

    /**
     * This estate at {@code revision}, where only the values of pools it already holds changed: the
     * same id, dock, backend and name, and not older. They are replaced in place and everything else
     * is shared, so a watcher's update costs a copy of the pool list instead of a regrouping and a
     * sort. Empty when the change is of another kind: the caller assembles from scratch.
     */
    public Optional<Estate> withPoolsReplaced(long revision, java.util.Collection<PoolSpec> changed) {
        Map<String, Integer> idx = poolIndex();
        if (idx.isEmpty() && !pools.isEmpty()) {
            return Optional.empty();
        }
        PoolSpec[] next = pools.toArray(new PoolSpec[0]);
        Map<String, Instant> newest = null;
        for (PoolSpec p : changed) {
            Integer i = idx.get(p.id());
            if (i == null) {
                return Optional.empty();
            }
            PoolSpec old = next[i];
            if (!old.dockId().equals(p.dockId()) || !old.backend().equals(p.backend()) || !old.name().equals(p.name())
                    || old.updatedAt() != null && (p.updatedAt() == null || p.updatedAt().isBefore(old.updatedAt()))) {
                return Optional.empty();
            }
            next[i] = p;
            if (p.updatedAt() != null && !p.updatedAt().equals(old.updatedAt())) {
                if (newest == null) {
                    newest = new java.util.HashMap<>(lastReport);
                }
                newest.merge(p.dockId(), p.updatedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return Optional.of(new Estate(revision, docks, List.of(next), profiles, invalid, acks, dockIndex,
                newest == null ? lastReport : java.util.Collections.unmodifiableMap(newest), idx, alarms));
    }

    public long revision() {
        return revision;
    }

    public List<DockView> docks() {
        return docks;
    }

    public List<PoolSpec> pools() {
        return pools;
    }

    public List<ProfileSpec> profiles() {
        return profiles;
    }

    public List<InvalidEntry> invalid() {
        return invalid;
    }

    public List<Ack> acks() {
        return acks;
    }

    /** The ack readers honour for {@code target} at {@code now}: stored and not expired. */
    public Optional<Ack> ack(AckTarget target, Instant now) {
        return acks.stream().filter(a -> a.target().equals(target) && a.activeAt(now)).findFirst();
    }

    @Override
    public String toString() {
        return "Estate[revision=" + revision + ", docks=" + docks.size() + ", pools=" + pools.size() + ", profiles="
                + profiles.size() + ", invalid=" + invalid.size() + "]";
    }

    /** A key whose value could not be read, and why. */
    public record InvalidEntry(String key, String error) {
    }

    /**
     * A dock is alive (its {@code alive} key holds its holder), stopped (gracefully), dead (no
     * {@code alive} and no stop recorded), or of unknown liveness: its {@code alive} key exists but
     * holds something that is not an alive document (garbage from an {@code etcdctl put}). A key that
     * exists is no sign of death (a lease may keep it, the agent's heartbeat re-claims it within a
     * beat), nor one of life (nothing says whose lease holds it, or whether any does).
     */
    public enum Liveness {
        ALIVE, STOPPED, DEAD,
        /** The {@code alive} key exists but is unreadable ({@link DockView#unreadableAlive()} says why). */
        UNKNOWN;

        /** "alive", "stopped", "dead", "liveness unknown": display only. */
        public String words() {
            return this == UNKNOWN ? "liveness unknown" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What the dock's proof of life ({@link DockProof}, a put RBAC checks) says about an {@code alive}
     * key kept by a lease (whose keep-alive etcd 3.4 does not check against roles).
     */
    public enum ProofOfLife {
        /** Not judged: the dock is not alive, its agent writes no proof (older agents), or the reader has no clock. */
        NOT_JUDGED,
        /** The proof is younger than two periods: the dock's own user wrote it recently. */
        VERIFIED,
        /** The holder states a proof period but no proof exists. */
        MISSING,
        /** The newest proof is older than two periods (plus {@link #SLACK}). */
        STALE;

        /** Allowance for clock skew between agent and reader and a slow write. */
        public static final java.time.Duration SLACK = java.time.Duration.ofSeconds(5);

        public boolean unverified() {
            return this == MISSING || this == STALE;
        }
    }

    /** How one report loop looks from etcd. */
    public enum LoopHealth {
        RUNNING, ERROR, BACKING_OFF, STARTING, STOPPED,
        /** The dock is alive but the loop's key expired: its thread hangs. */
        DEAD_THREAD,
        /** The dock itself is dead or stopped. */
        DOCK_DOWN,
        /**
         * The loop's key is missing and its dock's liveness is {@link Liveness#UNKNOWN} (its {@code alive}
         * is unreadable): neither a dead thread nor a dock known to be down.
         */
        DOCK_LIVENESS_UNKNOWN,
        /**
         * The dock is alive but the loop's key vanished less than a lease TTL ago: no verdict yet (after
         * a kill the loop keys may expire before {@code alive} does). Only a {@link LivenessTracker} says it.
         */
        SILENT;

        public String words() {
            return switch (this) {
                case DEAD_THREAD -> "dead thread";
                case DOCK_DOWN -> "dock down";
                case DOCK_LIVENESS_UNKNOWN -> "dock liveness unknown";
                case BACKING_OFF -> "backing off";
                default -> name().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }

    /**
     * One dock: its spec (if written), the holder of {@code alive} (if alive), its loops, what a
     * reader watching over time learnt about it ({@link DockHistory#NONE} for a one-off read), and,
     * when its {@code alive} key exists but does not parse, that key and why ({@link Liveness#UNKNOWN};
     * the same entry is in {@link Estate#invalid()}).
     */
    public record DockView(String dockId, Optional<DockSpec> spec, Optional<DockAlive> alive,
                           Map<String, LoopStatus> loops, DockHistory history, Optional<InvalidEntry> unreadableAlive,
                           Optional<DockProof> proof, ProofOfLife proofOfLife) {
        public DockView {
            loops = java.util.Collections.unmodifiableMap(new TreeMap<>(loops));
            history = history == null ? DockHistory.NONE : history;
            unreadableAlive = unreadableAlive == null || alive.isPresent() ? Optional.empty() : unreadableAlive;
            proof = proof == null ? Optional.empty() : proof;
            proofOfLife = proofOfLife == null ? ProofOfLife.NOT_JUDGED : proofOfLife;
        }

        public DockView(String dockId, Optional<DockSpec> spec, Optional<DockAlive> alive, Map<String, LoopStatus> loops,
                        DockHistory history, Optional<InvalidEntry> unreadableAlive) {
            this(dockId, spec, alive, loops, history, unreadableAlive, Optional.empty(), ProofOfLife.NOT_JUDGED);
        }

        public DockView(String dockId, Optional<DockSpec> spec, Optional<DockAlive> alive, Map<String, LoopStatus> loops,
                        DockHistory history) {
            this(dockId, spec, alive, loops, history, Optional.empty());
        }

        public DockView(String dockId, Optional<DockSpec> spec, Optional<DockAlive> alive, Map<String, LoopStatus> loops) {
            this(dockId, spec, alive, loops, DockHistory.NONE, Optional.empty());
        }

        /** This dock with another history (everything else kept). */
        public DockView withHistory(DockHistory other) {
            return new DockView(dockId, spec, alive, loops, other, unreadableAlive, proof, proofOfLife);
        }

        /** This dock with the proof-of-life verdict a reader reached at its clock. */
        public DockView withProofOfLife(ProofOfLife verdict) {
            return verdict == proofOfLife ? this
                    : new DockView(dockId, spec, alive, loops, history, unreadableAlive, proof, verdict);
        }

        /**
         * The proof-of-life verdict at the reader's clock {@code now}: judged only for a live dock whose
         * holder states a proof period (older agents write no proof and are {@link ProofOfLife#NOT_JUDGED}).
         * A proof older than two periods plus {@link ProofOfLife#SLACK} (clock skew, a slow write), or none,
         * means nothing RBAC checks says the agent lives: its lease may be kept alive by someone else.
         */
        public ProofOfLife judgeProof(Instant now) {
            if (alive.isEmpty() || alive.get().proof().isEmpty()) {
                return ProofOfLife.NOT_JUDGED;
            }
            if (proof.isEmpty() || proof.get().at() == null) {
                return ProofOfLife.MISSING;
            }
            java.time.Duration period = alive.get().proof().get();
            Instant deadline = proof.get().at().plus(period.multipliedBy(2)).plus(ProofOfLife.SLACK);
            return now.isAfter(deadline) ? ProofOfLife.STALE : ProofOfLife.VERIFIED;
        }

        /** Whether the reader found the dock's lease alive but nothing RBAC checks says its agent is. */
        public boolean unverified() {
            return liveness() == Liveness.ALIVE && proofOfLife.unverified();
        }

        /** Since when the dock is in its {@link #liveness()}, when the reader knows. */
        public Optional<Since> since() {
            return history.since();
        }

        /**
         * Decided here only. An unreadable {@code alive} outranks a recorded stop: the key was written
         * after the stop deleted it (by a new agent of a newer format, or by hand), so the stop is old news.
         */
        public Liveness liveness() {
            if (alive.isPresent()) {
                return Liveness.ALIVE;
            }
            if (unreadableAlive.isPresent()) {
                return Liveness.UNKNOWN;
            }
            return spec.map(DockSpec::stoppedAt).isPresent() ? Liveness.STOPPED : Liveness.DEAD;
        }

        /** Every backend the spec names or a loop key reports, with its health. */
        public Map<String, LoopHealth> loopHealth() {
            Map<String, LoopHealth> out = new TreeMap<>();
            spec.ifPresent(s -> s.backends().forEach(b -> out.put(b.name(), LoopHealth.DEAD_THREAD)));
            loops.keySet().forEach(b -> out.put(b, LoopHealth.DEAD_THREAD));
            Liveness live = liveness();
            for (Map.Entry<String, LoopHealth> e : out.entrySet()) {
                LoopStatus s = loops.get(e.getKey());
                if (live == Liveness.UNKNOWN || live == Liveness.ALIVE && proofOfLife.unverified()) {
                    // A loop key has a lease of its own: one that exists still says what the loop does.
                    // An unverified dock's alive proves nothing (its lease may be renewed by someone
                    // else), so a vanished loop key is not a dead thread of a live agent.
                    e.setValue(s == null ? LoopHealth.DOCK_LIVENESS_UNKNOWN : health(s));
                    continue;
                }
                if (live != Liveness.ALIVE) {
                    e.setValue(LoopHealth.DOCK_DOWN);
                    continue;
                }
                DockHistory.LoopGap gap = history.gaps().get(e.getKey());
                if (s == null && gap != null) {
                    e.setValue(switch (gap.phase()) {
                        case AWAITING_FIRST_REPORT -> LoopHealth.STARTING;
                        case SILENT -> LoopHealth.SILENT;
                        case DEAD -> LoopHealth.DEAD_THREAD;
                    });
                } else if (s != null) {
                    e.setValue(health(s));
                }
            }
            return out;
        }

        private static LoopHealth health(LoopStatus s) {
            return switch (s.state()) {
                case RUNNING -> LoopHealth.RUNNING;
                case ERROR -> LoopHealth.ERROR;
                case BACKING_OFF -> LoopHealth.BACKING_OFF;
                case STARTING -> LoopHealth.STARTING;
                case STOPPED -> LoopHealth.STOPPED;
            };
        }
    }

    public Optional<DockView> dock(String dockId) {
        return Optional.ofNullable(dockIndex.get(dockId));
    }

    /** The words of {@link #standing}: "available", "stale (dock dead)", … (display only; never parse them). */
    public String effectiveStatus(PoolSpec p) {
        return standing(p).words();
    }

    /**
     * What an admin should believe about a pool: its own status while its dock and loop report,
     * otherwise stale with the reason. Never "available" for a pool nobody reports any more.
     * For many pools use {@link PoolStanding#resolver}.
     */
    public PoolStanding standing(PoolSpec p) {
        return PoolStanding.of(this, p);
    }

    /** This estate with each dock's history from {@code histories} (by dock id; others get none). */
    public Estate withHistories(Map<String, DockHistory> histories) {
        List<DockView> next = new ArrayList<>(docks.size());
        Map<String, DockView> index = new java.util.HashMap<>();
        for (DockView d : docks) {
            DockView v = d.withHistory(histories.getOrDefault(d.dockId(), DockHistory.NONE));
            next.add(v);
            index.put(v.dockId(), v);
        }
        return new Estate(revision, List.copyOf(next), pools, profiles, invalid, acks,
                java.util.Collections.unmodifiableMap(index), lastReport, poolIndex, alarms);
    }

    /**
     * This estate with each dock's proof of life judged at the reader's clock {@code now} (the same
     * instance when no verdict changed). Every reader that shows liveness calls it: without it every
     * dock is {@link ProofOfLife#NOT_JUDGED}.
     */
    public Estate withProofsJudged(Instant now) {
        List<DockView> next = new ArrayList<>(docks.size());
        Map<String, DockView> index = new java.util.HashMap<>();
        boolean changed = false;
        for (DockView d : docks) {
            DockView v = d.withProofOfLife(d.judgeProof(now));
            changed |= v != d;
            next.add(v);
            index.put(v.dockId(), v);
        }
        return !changed ? this : new Estate(revision, List.copyOf(next), pools, profiles, invalid, acks,
                java.util.Collections.unmodifiableMap(index), lastReport, poolIndex, alarms);
    }

    /** The etcd alarms raised when this estate was read (empty: none, or the reader did not ask). */
    public List<EtcdAlarm> alarms() {
        return alarms;
    }

    /** This estate with the etcd alarms the reader saw raised (the same instance when they are equal). */
    public Estate withAlarms(List<EtcdAlarm> raised) {
        if (raised.equals(alarms)) {
            return this;
        }
        return new Estate(revision, docks, pools, profiles, invalid, acks, dockIndex, lastReport, poolIndex,
                List.copyOf(raised));
    }

    /** One key's value, parsed (or why it could not be): what a watcher keeps per key. */
    public sealed interface Parsed {
    }

    /** A dock spec. */
    public record SpecEntry(String dockId, DockSpec spec) implements Parsed {
    }

    /** A dock's alive key. */
    public record AliveEntry(String dockId, DockAlive alive) implements Parsed {
    }

    /** A dock's proof of life. */
    public record ProofEntry(String dockId, DockProof proof) implements Parsed {
    }

    /** A loop status. */
    public record LoopEntry(String dockId, String backend, LoopStatus status) implements Parsed {
    }

    /** A pool. */
    public record PoolEntry(PoolSpec pool) implements Parsed {
    }

    /** A profile. */
    public record ProfileEntry(ProfileSpec profile) implements Parsed {
    }

    /** An acknowledgement. */
    public record AckEntry(Ack ack) implements Parsed {
    }

    /** A value that did not parse, or a key where the layout expects none. */
    public record Bad(InvalidEntry invalid) implements Parsed {
    }

    /**
     * A dock's {@code alive} key whose value is not an alive document (or too large to read): an
     * invalid entry that also makes the dock's liveness {@link Liveness#UNKNOWN}, and names the dock
     * even when no other key does.
     */
    public record UnreadableAlive(String dockId, InvalidEntry invalid) implements Parsed {
    }

    /**
     * An entry a reader could not read or parse, as a parsed value: an {@link UnreadableAlive} when it
     * is a dock's {@code alive} key, else {@link Bad}. The one place that tells the two apart.
     */
    public static Parsed unreadable(InvalidEntry entry, KeyLayout layout) {
        return layout.parse(entry.key()) instanceof EtcdKey.Alive a ? new UnreadableAlive(a.dockId(), entry)
                : new Bad(entry);
    }

    /** A key outside the layout's areas (none of ours): ignored. */
    public record Ignored() implements Parsed {
    }

    /** Parses one key/value under {@code layout}'s prefix; never throws. */
    public static Parsed parse(String key, byte[] value, KeyLayout layout) {
        Parsed p = parseValue(key, value, layout);
        return p instanceof Bad b ? unreadable(b.invalid(), layout) : p;
    }

    private static Parsed parseValue(String key, byte[] value, KeyLayout layout) {
        EtcdKey k = layout.parse(key);
        if (value != null && value.length > MAX_DOCUMENT_BYTES && inLayout(key, layout)) {
            return new Bad(oversized(key, value.length));
        }
        try {
            if (k instanceof EtcdKey.Spec s) {
                return new SpecEntry(s.dockId(), Json.decode(value, DockSpec.class, key));
            } else if (k instanceof EtcdKey.Alive a) {
                return new AliveEntry(a.dockId(), Json.decode(value, DockAlive.class, key));
            } else if (k instanceof EtcdKey.Proof pr) {
                if (value != null && value.length > 1024) {
                    throw new ModelParseException(key + ": " + value.length + " bytes, a proof of life is at most 1024");
                }
                return new ProofEntry(pr.dockId(), Json.decode(value, DockProof.class, key));
            } else if (k instanceof EtcdKey.Loop l) {
                return new LoopEntry(l.dockId(), l.backend(), Json.decode(value, LoopStatus.class, key));
            } else if (k instanceof EtcdKey.Pool p) {
                PoolSpec pool = Json.decode(value, PoolSpec.class, key);
                if (!pool.id().equals(p.poolId()) || !pool.dockId().equals(p.dockId())) {
                    throw new ModelParseException(key + ": the document says pool " + pool.id() + " of dock "
                            + pool.dockId() + ", the key says pool " + p.poolId() + " of dock " + p.dockId());
                }
                checkPoolId(key, pool);
                return new PoolEntry(pool);
            } else if (k instanceof EtcdKey.Profile p) {
                ProfileSpec profile = Json.decode(value, ProfileSpec.class, key);
                if (!profile.id().equals(p.profileId())) {
                    throw new ModelParseException(key + ": the document says profile " + profile.id());
                }
                return new ProfileEntry(profile);
            } else if (k instanceof EtcdKey.Ack a) {
                return new AckEntry(decodeAck(key, value, a.ackId()));
            } else if (key.startsWith(layout.docksPrefix()) || key.startsWith(layout.profilesPrefix())
                    || key.startsWith(layout.acksPrefix())) {
                return new Bad(new InvalidEntry(key, "not a key of the layout (" + layout.docksPrefix()
                        + "{dock}/spec|alive|proof|loops/{backend}|pools/{poolId}, " + layout.profilesPrefix() + "{id}, "
                        + layout.acksPrefix() + "{id})"));
            }
            return new Ignored();
        } catch (ModelParseException ex) {
            return new Bad(new InvalidEntry(key, ex.getMessage()));
        }
    }

    /**
     * A pool's id is the name-based UUID of its dock, backend and native id ({@link PoolIds}): the
     * one id an agent can give it. Any other id is someone else's document (a copy of another dock's
     * pool filed under this dock, a hand-made one), which would otherwise sit beside the real pool
     * under the same id or shadow it, and which a snapshot reader refuses as a duplicate.
     */
    static void checkPoolId(String key, PoolSpec pool) throws ModelParseException {
        String expected = PoolIds.poolId(pool.dockId(), pool.backend(), pool.nativeId());
        if (!expected.equals(pool.id())) {
            throw new ModelParseException(key + ": pool id " + pool.id() + " is not the id of dock " + pool.dockId()
                    + ", backend " + pool.backend() + ", native id " + pool.nativeId() + " (expected " + expected
                    + ", found " + pool.id() + ")");
        }
    }

    private static Ack decodeAck(String key, byte[] value, String ackId) throws ModelParseException {
        if (value != null && value.length > 4096) {
            throw new ModelParseException(key + ": " + value.length + " bytes, an ack is at most 4096");
        }
        Ack ack = Json.decode(value, Ack.class, key);
        if (!ack.id().equals(ackId)) {
            throw new ModelParseException(key + ": the document acknowledges " + ack.target().wire()
                    + ", whose key is " + ack.id());
        }
        return ack;
    }

    /**
     * The largest value a reader takes as a document (dock spec, alive, loop status, pool, profile,
     * ack): agents write pool documents of 1-2 KB and refuse to write one above this; anything
     * larger is someone else's and is listed as invalid, by key and size, without being parsed.
     */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    /** Whether {@code key} sits where the layout expects documents (docks, profiles, acks). */
    public static boolean inLayout(String key, KeyLayout layout) {
        return key.startsWith(layout.docksPrefix()) || key.startsWith(layout.profilesPrefix())
                || key.startsWith(layout.acksPrefix());
    }

    /** An entry not read because of its size ({@code bytes} -1: more than a gRPC answer may hold). */
    public static InvalidEntry oversized(String key, long bytes) {
        return new InvalidEntry(key, key + ": " + (bytes < 0 ? "larger than a gRPC answer may be (64 MiB)" : Capacity.human(bytes))
                + ": above the " + Capacity.human(MAX_DOCUMENT_BYTES) + " a document may have; not read");
    }

    /** Like {@link #fromEntries(long, Map, KeyLayout)}, with the entries a reader did not read (too large). */
    public static Estate fromEntries(long revision, Map<String, byte[]> entries, KeyLayout layout,
                                     List<InvalidEntry> unread) {
        Map<String, Parsed> parsed = new TreeMap<>();
        entries.forEach((k, v) -> parsed.put(k, parse(k, v, layout)));
        unread.forEach(u -> parsed.put(u.key(), unreadable(u, layout)));
        return assemble(revision, parsed);
    }

    /**
     * Builds an estate from the key/values under {@code layout}'s prefix. Keys outside the layout
     * are ignored unless they sit where the layout expects something (then they are invalid).
     */
    public static Estate fromEntries(long revision, Map<String, byte[]> entries, KeyLayout layout) {
        Map<String, Parsed> parsed = new TreeMap<>();
        entries.forEach((k, v) -> parsed.put(k, parse(k, v, layout)));
        return assemble(revision, parsed);
    }

    /** Builds an estate from already parsed entries (key → parsed value), in key order. */
    public static Estate assemble(long revision, Map<String, Parsed> parsedByKey) {
        Map<String, Optional<DockSpec>> specs = new TreeMap<>();
        Map<String, DockAlive> alive = new LinkedHashMap<>();
        Map<String, DockProof> proofs = new LinkedHashMap<>();
        Map<String, InvalidEntry> badAlive = new LinkedHashMap<>();
        Map<String, Map<String, LoopStatus>> loops = new LinkedHashMap<>();
        List<PoolSpec> pools = new ArrayList<>();
        List<ProfileSpec> profiles = new ArrayList<>();
        List<InvalidEntry> invalid = new ArrayList<>();
        List<Ack> acks = new ArrayList<>();
        Map<String, Parsed> sorted = parsedByKey instanceof TreeMap ? parsedByKey : new TreeMap<>(parsedByKey);
        // A dock exists only through a value that parsed, or an alive key that exists (its liveness
        // is then unknown): other garbage never invents a dock.
        for (Parsed p : sorted.values()) {
            if (p instanceof SpecEntry s) {
                specs.put(s.dockId(), Optional.of(s.spec()));
            } else if (p instanceof AliveEntry a) {
                alive.put(a.dockId(), a.alive());
                specs.putIfAbsent(a.dockId(), Optional.empty());
            } else if (p instanceof ProofEntry pr) {
                // A proof alone does not make a dock: it says something only about an alive that exists.
                proofs.put(pr.dockId(), pr.proof());
            } else if (p instanceof LoopEntry l) {
                loops.computeIfAbsent(l.dockId(), x -> new TreeMap<>()).put(l.backend(), l.status());
                specs.putIfAbsent(l.dockId(), Optional.empty());
            } else if (p instanceof PoolEntry pe) {
                pools.add(pe.pool());
                specs.putIfAbsent(pe.pool().dockId(), Optional.empty());
            } else if (p instanceof ProfileEntry pr) {
                profiles.add(pr.profile());
            } else if (p instanceof Bad b) {
                invalid.add(b.invalid());
            } else if (p instanceof UnreadableAlive u) {
                invalid.add(u.invalid());
                badAlive.put(u.dockId(), u.invalid());
                specs.putIfAbsent(u.dockId(), Optional.empty());
            } else if (p instanceof AckEntry a) {
                acks.add(a.ack());
            }
        }
        List<DockView> docks = new ArrayList<>();
        specs.forEach((id, spec) -> docks.add(new DockView(id, spec, Optional.ofNullable(alive.get(id)),
                loops.getOrDefault(id, Map.of()), DockHistory.NONE, Optional.ofNullable(badAlive.get(id)),
                Optional.ofNullable(proofs.get(id)), ProofOfLife.NOT_JUDGED)));
        pools.sort(Comparator.comparing(PoolSpec::dockId).thenComparing(PoolSpec::backend).thenComparing(PoolSpec::name));
        profiles.sort(Comparator.comparing(ProfileSpec::id));
        return new Estate(revision, docks, pools, profiles, invalid, acks);
    }

    /**
     * The estate a snapshot describes, for offline matching and diffing: docks keep the liveness
     * they had when the snapshot was taken, so a dead dock's pools stay stale offline too, and the
     * entries the export could not read stay invalid.
     */
    public static Estate fromSnapshot(Snapshot snapshot) {
        Map<String, Map<String, LoopStatus>> loops = new TreeMap<>();
        snapshot.loops().forEach(l -> loops.computeIfAbsent(l.dockId(), x -> new TreeMap<>()).put(l.backend(), l));
        // The invalid entries recorded under the snapshot's prefix say which docks had an unreadable alive.
        KeyLayout layout = new KeyLayout(snapshot.source() == null ? null : snapshot.source().prefix());
        Map<String, InvalidEntry> badAlive = new TreeMap<>();
        for (InvalidEntry i : snapshot.invalid()) {
            if (unreadable(i, layout) instanceof UnreadableAlive u) {
                badAlive.put(u.dockId(), i);
            }
        }
        Map<String, DockView> docks = new TreeMap<>();
        for (Snapshot.DockEntry d : snapshot.docks()) {
            Optional<DockAlive> alive = !d.alive() ? Optional.empty()
                    : Optional.of(d.holder() != null ? d.holder() : new DockAlive("", 0, null, "", "", ""));
            docks.put(d.spec().id(), new DockView(d.spec().id(), Optional.of(d.spec()), alive,
                    loops.getOrDefault(d.spec().id(), Map.of()), DockHistory.NONE,
                    Optional.ofNullable(badAlive.get(d.spec().id()))));
        }
        badAlive.forEach((id, bad) -> docks.computeIfAbsent(id, x -> new DockView(id, Optional.empty(), Optional.empty(),
                loops.getOrDefault(id, Map.of()), DockHistory.NONE, Optional.of(bad))));
        for (PoolSpec p : snapshot.pools()) {
            docks.computeIfAbsent(p.dockId(), id -> new DockView(id, Optional.empty(), Optional.empty(),
                    loops.getOrDefault(id, Map.of())));
        }
        List<PoolSpec> pools = new ArrayList<>(snapshot.pools());
        pools.sort(Comparator.comparing(PoolSpec::dockId).thenComparing(PoolSpec::backend).thenComparing(PoolSpec::name));
        List<ProfileSpec> profiles = new ArrayList<>(snapshot.profiles());
        profiles.sort(Comparator.comparing(ProfileSpec::id));
        return new Estate(snapshot.source() == null ? 0 : snapshot.source().revision(), new ArrayList<>(docks.values()),
                pools, profiles, snapshot.invalid());
    }

    /**
     * The last time the dock's agent is known to have reported: the newest of its pools' updates and
     * its spec's start and last write (an unchanged pool is not rewritten, so its own time can be much
     * older than the agent's last run). A lower bound for when a dead dock died.
     */
    public Optional<Instant> lastReportedAt(String dockId) {
        return Optional.ofNullable(lastReport.get(dockId));
    }
}
