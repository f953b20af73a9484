package com.capreport.agent.discovery;

import static com.capreport.agent.etcd.EtcdClients.bytes;

import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverException;
import com.capreport.agent.driver.StorageDriver;
import com.capreport.agent.etcd.EtcdFailure;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.report.DockSession;
import com.capreport.model.Capacity;
import com.capreport.model.Durations;
import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.LoopState;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend's discovery loop. It owns one thread ("loop-{backend}") that
 * <ol>
 *   <li>polls the driver every {@code interval}, the call cut by {@code timeout} (it runs on a
 *       separate "driver-{backend}" thread, so a hung backend cannot hold the loop forever);</li>
 *   <li>publishes only the pools that changed, in transactions fenced on the dock's {@code alive};</li>
 *   <li>between cycles renews its own lease every TTL/3, so if this thread ever hangs its
 *       {@code loops/{backend}} key expires while the dock stays alive.</li>
 * </ol>
 * A failing backend puts the loop in ERROR with the reason, marks its pools {@code error} once (values
 * kept) and retries with exponential backoff capped at the interval. A pool missing from a
 * successful listing becomes {@code unavailable} and is deleted after {@code retention}. When etcd
 * is unreachable the loop goes on polling (state BACKING_OFF if the backend is fine) and writes the
 * difference once etcd answers again.
 *
 * <p>The loop's status key is written when its state, error, failure count, pool count or interval
 * change, not on every cycle: an unchanged cycle writes nothing but the lease renewal.
 */
public final class DiscoveryLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryLoop.class);
    /** etcd refuses transactions of more than 128 operations by default (--max-txn-ops). */
    static final int MAX_OPS_PER_TXN = 100;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final String dockId;
    private final AgentConfig.Backend backend;
    private final AgentConfig.Discovery discovery;
    private final StorageDriver driver;
    private final DockSession session;
    private final PoolAssembler assembler;
    private final Clock clock;
    private final Thread thread;
    private final ExecutorService driverCalls;
    private final LinkedBlockingQueue<CompletableFuture<CycleResult>> requests = new LinkedBlockingQueue<>();
    private final Metrics metrics = new Metrics();

    // Loop-thread state.
    private final Map<String, PoolSpec> known = new HashMap<>();
    private final Map<String, PoolSpec> lost = new HashMap<>();
    /** The mod revision of each pool key as we last wrote (or, after a resync, found) it. */
    private final Map<String, Long> revisions = new HashMap<>();
    /** Pools whose document is too large to write (said once each). */
    private final java.util.Set<String> oversizedPools = new java.util.HashSet<>();
    /** The mod revision of our last write of the loop key (0: none yet). */
    private long loopRevision;
    private long knownGeneration = -1;
    private long loopLease;
    private LoopStatus written;
    private Future<List<DiscoveredPool>> inFlight;
    /** True while a driver thread is inside listPools: a cancelled Future says done before that. */
    private final java.util.concurrent.atomic.AtomicBoolean driverBusy = new java.util.concurrent.atomic.AtomicBoolean();
    private Instant inFlightSince;
    private Instant nextRun;
    private Instant nextRenew;
    private Duration publishBackoff = Duration.ZERO;
    private boolean lastPublishFailed;

    // Shared with readers (gRPC, CLI): immutable snapshots.
    private volatile LoopStatus status;
    private volatile List<PoolSpec> lastPools = List.of();
    private volatile boolean closed;
    private volatile boolean rewriteEveryCycle;

    /** Counters for tests and the benchmark: what this loop wrote to etcd. */
    public static final class Metrics {
        public final AtomicLong cycles = new AtomicLong();
        public final AtomicLong poolPuts = new AtomicLong();
        public final AtomicLong poolDeletes = new AtomicLong();
        public final AtomicLong statusPuts = new AtomicLong();
        public final AtomicLong transactions = new AtomicLong();
    }

    public DiscoveryLoop(String dockId, String availabilityZone, AgentConfig.Backend backend,
                         AgentConfig.Discovery discovery, StorageDriver driver, DockSession session, Clock clock) {
        this.dockId = dockId;
        this.backend = backend;
        this.discovery = discovery;
        this.driver = driver;
        this.session = session;
        this.clock = clock;
        this.assembler = new PoolAssembler(dockId, availabilityZone, backend);
        Instant now = now();
        this.status = new LoopStatus(dockId, backend.name(), backend.driver(), LoopState.STARTING, now, 0, null, null, 0,
                backend.interval(), 0, now);
        AtomicInteger n = new AtomicInteger();
        this.driverCalls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "driver-" + backend.name() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, "loop-" + backend.name());
        this.thread.setDaemon(true);
    }

    /**
     * Writes the STARTING status (on the caller's thread, so the agent's start returns with every
     * loop key present and a dashboard never sees a just-started dock's loops as dead), then starts
     * the loop thread.
     */
    public void start() {
        try {
            publish(List.of(), List.of(), status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("{}: could not write the starting status: {}", backend.name(), e.toString());
        }
        thread.start();
    }

    public String backendName() {
        return backend.name();
    }

    public StorageDriver driver() {
        return driver;
    }

    public LoopStatus status() {
        return status;
    }

    /** The pools as of the last cycle (what the backend said, with statuses applied). */
    public List<PoolSpec> pools() {
        return lastPools;
    }

    public Metrics metrics() {
        return metrics;
    }

    /**
     * The benchmark's baseline only, never set by configuration: every listed pool is written on
     * every cycle, changed or not — how the original implementation reported. Shows what the
     * diff-based writes save.
     */
    public void rewriteEveryCycle(boolean on) {
        this.rewriteEveryCycle = on;
    }

    /** Runs a cycle as soon as the loop thread is free; completes with what it did. */
    public CompletableFuture<CycleResult> discoverNow() {
        CompletableFuture<CycleResult> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("loop " + backend.name() + " is stopped"));
            return f;
        }
        requests.add(f);
        if (closed) {
            // close() raced with us: its drain may already have run.
            f.completeExceptionally(new IllegalStateException("loop " + backend.name() + " is stopped"));
        }
        return f;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void run() {
        nextRun = now();
        nextRenew = now();
        while (!closed) {
            try {
                iterate();
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                Thread.interrupted();
            } catch (RuntimeException | Error e) {
                // Never let one bug end the loop: record it and go on at the next interval.
                LOG.error("{}: discovery loop caught an unexpected error (it keeps running): {}", backend.name(), e, e);
                nextRun = now().plus(backend.interval());
            }
        }
        List<CompletableFuture<CycleResult>> left = new ArrayList<>();
        requests.drainTo(left);
        left.forEach(r -> r.completeExceptionally(new IllegalStateException("loop " + backend.name() + " stopped")));
    }

    private void iterate() throws InterruptedException {
        Instant now = now();
        List<CompletableFuture<CycleResult>> pending = new ArrayList<>();
        requests.drainTo(pending);
        if (!pending.isEmpty() || !now.isBefore(nextRun)) {
            CycleResult r = null;
            try {
                r = cycle();
            } finally {
                CycleResult done = r;
                pending.forEach(p -> {
                    if (done != null) {
                        p.complete(done);
                    } else {
                        p.completeExceptionally(new IllegalStateException("the cycle of " + backend.name()
                                + " did not finish (the loop is stopping or hit an internal error)"));
                    }
                });
            }
            return;
        }
        if (!now.isBefore(nextRenew)) {
            renewOrRepublish();
            nextRenew = now().plus(renewPeriod());
        }
        long waitMs = Math.max(1, Math.min(Duration.between(now(), nextRun).toMillis(),
                Duration.between(now(), nextRenew).toMillis()));
        CompletableFuture<CycleResult> req = requests.poll(waitMs, TimeUnit.MILLISECONDS);
        if (req != null) {
            requests.add(req);
        }
    }

    private Duration renewPeriod() {
        return Duration.ofMillis(Math.max(200, session.ttl().toMillis() / 3));
    }

    /** Between cycles: keep the loop key alive; re-put it if its lease was lost. */
    private void renewOrRepublish() throws InterruptedException {
        try {
            if (knownGeneration != session.generation()) {
                // The dock was re-registered: run a cycle now so pools and status are re-published together.
                resync();
                nextRun = now();
                return;
            }
            if (loopLease != 0 && !session.renew(loopLease)) {
                LOG.info("{}: loop lease expired, writing the loop status again", backend.name());
                loopLease = 0;
            }
            if (loopLease == 0 && written != null) {
                publish(List.of(), List.of(), status);
            }
        } catch (EtcdUnavailableException e) {
            LOG.debug("{}: renew failed: {}", backend.name(), e.getMessage());
        }
    }

    /**
     * Garbage heals: a pool key of ours that someone else wrote (its revision is not the one our
     * write made) or deleted is re-published this cycle as we last wrote it, like a pool etcd lost;
     * a loop key not ours is written again. One keys-only read per cycle; no write unless a key
     * was not ours.
     */
    private void healOwnKeys() throws InterruptedException {
        DockSession.OwnKeys keys;
        try {
            keys = session.ownKeys(backend.name());
        } catch (EtcdUnavailableException e) {
            return; // the publish below will say what is wrong with etcd
        }
        List<String> foreign = new ArrayList<>();
        for (String id : known.keySet()) {
            Long inEtcd = keys.pools().get(id);
            Long ours = revisions.get(id);
            if (inEtcd == null || (ours != null && !ours.equals(inEtcd))) {
                foreign.add(id);
            } else if (ours == null) {
                revisions.put(id, inEtcd); // read back after a resync: that value is the one we keep
            }
        }
        for (String id : foreign) {
            LOG.warn("{}: pool key {} {}: writing our pool {} again", backend.name(), session.layout().pool(dockId, id),
                    keys.pools().containsKey(id) ? "was written by someone else" : "was deleted by someone else",
                    known.get(id).name());
            lost.put(id, known.remove(id));
            revisions.remove(id);
        }
        if (written != null && loopRevision != 0 && (keys.loopRevision() != loopRevision || keys.loopLease() != loopLease)) {
            LOG.warn("{}: loop key {} {}: writing it again", backend.name(), session.layout().loop(dockId, backend.name()),
                    keys.loopRevision() == 0 ? "was deleted by someone else" : "was written by someone else");
            written = null; // the next publish puts the status again, under our lease
        }
    }

    /** After the dock was (re-)claimed: what etcd holds now is the base for the next diff. */
    private void resync() throws EtcdUnavailableException, InterruptedException {
        Map<String, PoolSpec> inEtcd = session.readPools(backend.name());
        // What we published before and etcd lost: re-published as it was, not as "new" pools.
        known.forEach((id, p) -> {
            if (!inEtcd.containsKey(id)) {
                lost.put(id, p);
            }
        });
        known.clear();
        known.putAll(inEtcd);
        revisions.clear(); // adopted from etcd at the next check
        knownGeneration = session.generation();
        written = null; // re-write the status, under the same lease if it is still valid
    }

    private CycleResult cycle() throws InterruptedException {
        long start = System.nanoTime();
        metrics.cycles.incrementAndGet();
        boolean resynced = true;
        if (knownGeneration != session.generation()) {
            try {
                resync();
            } catch (EtcdUnavailableException e) {
                resynced = false;
            }
        }
        if (resynced) {
            healOwnKeys();
        }
        Instant now = now();
        Optional<List<DiscoveredPool>> listing;
        String error = null;
        try {
            listing = Optional.of(callDriver());
        } catch (DriverException e) {
            listing = Optional.empty();
            error = e.getMessage();
        }

        Map<String, PoolSpec> desired = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        LoopStatus previous = status;
        LoopStatus next;
        if (listing.isPresent()) {
            for (DiscoveredPool dp : listing.get()) {
                String id = assembler.poolId(dp);
                PoolSpec old = known.get(id);
                PoolSpec before = old != null ? old : lost.get(id);
                PoolSpec fresh = assembler.assemble(dp, before == null || before.createdAt() == null ? now
                        : before.createdAt(), now);
                if (desired.containsKey(id)) {
                    LOG.warn("{}: the backend listed pool {} twice; keeping the first", backend.name(), dp.nativeId());
                    continue;
                }
                if (old == null) {
                    boolean same = before != null && !PoolChanges.differs(before, fresh, discovery.capacityThreshold());
                    desired.put(id, same ? before : fresh);
                    added.add(id);
                } else if (rewriteEveryCycle || PoolChanges.differs(old, fresh, discovery.capacityThreshold())) {
                    desired.put(id, fresh);
                    changed.add(id);
                }
            }
            java.util.Set<String> listed = new java.util.HashSet<>();
            listing.get().forEach(dp -> listed.add(assembler.poolId(dp)));
            for (PoolSpec old : known.values()) {
                if (listed.contains(old.id())) {
                    continue;
                }
                if (old.status() != PoolStatus.UNAVAILABLE) {
                    desired.put(old.id(), old.withStatus(PoolStatus.UNAVAILABLE, now));
                    removed.add(old.id());
                } else if (old.updatedAt() != null && old.updatedAt().plus(discovery.retention()).isBefore(now)) {
                    deleted.add(old.id());
                    removed.add(old.id());
                }
            }
            int count = listing.get().size();
            next = new LoopStatus(dockId, backend.name(), backend.driver(), LoopState.RUNNING,
                    previous.state() == LoopState.RUNNING ? previous.since() : now, previous.seq() + 1, now,
                    previous.lastError(), 0, backend.interval(), count, now.plus(backend.interval()));
            if (previous.state() == LoopState.ERROR) {
                LOG.info("{}: backend answers again after {} failed cycle(s)", backend.name(),
                        previous.consecutiveFailures());
            }
        } else {
            for (PoolSpec old : known.values()) {
                if (old.status() == PoolStatus.AVAILABLE || old.status() == PoolStatus.DEGRADED) {
                    desired.put(old.id(), old.withStatus(PoolStatus.ERROR, now));
                    changed.add(old.id());
                }
            }
            int failures = previous.consecutiveFailures() + 1;
            Duration backoff = backoff(failures);
            next = new LoopStatus(dockId, backend.name(), backend.driver(), LoopState.ERROR,
                    previous.state() == LoopState.ERROR ? previous.since() : now, previous.seq() + 1,
                    previous.lastSuccessAt(), error, failures, backend.interval(), previous.poolCount(),
                    now.plus(backoff));
            if (previous.state() != LoopState.ERROR || !error.equals(previous.lastError())) {
                LOG.warn("{}: backend failed: {} (pools marked error; retrying with backoff up to {})", backend.name(),
                        error, Durations.format(backend.interval()));
            }
        }

        boolean published = false;
        if (resynced) {
            published = publish(new ArrayList<>(desired.values()), deleted, next);
            if (published && listing.isPresent()) {
                lost.clear();
            }
        }
        Instant after = now();
        LoopStatus shown = next;
        if (!published && listing.isPresent()) {
            // The backend is fine but etcd is not: retry soon, the difference is still pending.
            publishBackoff = publishBackoff.isZero() ? FIRST_BACKOFF : min(publishBackoff.multipliedBy(2),
                    backend.interval());
            shown = withState(next, LoopState.BACKING_OFF, after.plus(publishBackoff));
            nextRun = after.plus(publishBackoff);
        } else {
            publishBackoff = Duration.ZERO;
            nextRun = listing.isPresent() ? after.plus(backend.interval()) : after.plus(backoff(next.consecutiveFailures()));
            shown = withState(next, next.state(), nextRun);
        }
        status = shown;
        if (listing.isPresent()) {
            List<PoolSpec> current = new ArrayList<>();
            for (DiscoveredPool dp : listing.get()) {
                String id = assembler.poolId(dp);
                PoolSpec p = desired.getOrDefault(id, known.get(id));
                if (p != null) {
                    current.add(p);
                }
            }
            lastPools = List.copyOf(current);
        } else {
            List<PoolSpec> current = new ArrayList<>();
            for (PoolSpec p : lastPools) {
                current.add(p.withStatus(PoolStatus.ERROR, p.updatedAt()));
            }
            lastPools = List.copyOf(current);
        }
        return new CycleResult(backend.name(), listing.isPresent(), Optional.ofNullable(error), added, changed, removed,
                listing.map(List::size).orElse(status.poolCount()), Duration.ofNanos(System.nanoTime() - start),
                published);
    }

    private static LoopStatus withState(LoopStatus s, LoopState state, Instant nextRunAt) {
        return new LoopStatus(s.dockId(), s.backend(), s.driver(), state, s.since(), s.seq(), s.lastSuccessAt(),
                s.lastError(), s.consecutiveFailures(), s.interval(), s.poolCount(), nextRunAt);
    }

    private Duration backoff(int failures) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(20, Math.max(0, failures - 1)));
        return min(d, backend.interval());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The driver call, on its own thread, cut at the timeout. */
    private List<DiscoveredPool> callDriver() throws DriverException, InterruptedException {
        if (driverBusy.get()) {
            throw new DriverException(backend.name() + ": the previous call, started " + inFlightSince
                    + ", still has not returned (the driver or the kernel ignores its timeout)");
        }
        Duration timeout = backend.timeout();
        inFlightSince = now();
        driverBusy.set(true);
        inFlight = driverCalls.submit(() -> {
            try {
                return driver.listPools(timeout);
            } finally {
                driverBusy.set(false);
            }
        });
        try {
            return inFlight.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            inFlight.cancel(true);
            throw new DriverException(backend.name() + ": no answer within the timeout of " + Durations.format(timeout));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof DriverException de) {
                throw de;
            }
            if (c instanceof InterruptedException) {
                throw new DriverException(backend.name() + ": the call was interrupted");
            }
            throw new DriverException(backend.name() + ": driver " + backend.driver() + " failed: " + c, c);
        } catch (InterruptedException e) {
            inFlight.cancel(true);
            throw e;
        }
    }

    /**
     * Writes changed pools, deletions and (when it changed or lost its lease) the loop status,
     * fenced. Returns whether everything reached etcd; on failure nothing of {@code known} moves,
     * so the next cycle writes the same difference again.
     */
    private boolean publish(List<PoolSpec> puts, List<String> deletes, LoopStatus next)
            throws InterruptedException {
        try {
            return publishOnce(puts, deletes, next);
        } catch (LeaseLostException e) {
            // The loop key's lease expired while this thread was busy (a call longer than the TTL):
            // the transaction was refused as a whole; grant a new lease and write it all again.
            LOG.info("{}: loop lease expired during the cycle, writing the loop status again", backend.name());
            loopLease = 0;
            try {
                return publishOnce(puts, deletes, next);
            } catch (LeaseLostException again) {
                loopLease = 0;
                return false;
            }
        }
    }

    /** etcd refused a put because its lease no longer exists. */
    private static final class LeaseLostException extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private boolean publishOnce(List<PoolSpec> puts, List<String> deletes, LoopStatus next)
            throws InterruptedException, LeaseLostException {
        boolean statusChanged = written == null || loopLease == 0 || significant(written, next);
        if (puts.isEmpty() && deletes.isEmpty() && !statusChanged) {
            return true;
        }
        try {
            List<Op> ops = new ArrayList<>();
            List<Runnable> onCommit = new ArrayList<>();
            int poolPuts = 0;
            int poolDeletes = 0;
            for (PoolSpec p : puts) {
                byte[] doc = Json.encode(p);
                if (doc.length > Estate.MAX_DOCUMENT_BYTES) {
                    // Readers would list it as invalid: not written, said once per pool.
                    if (oversizedPools.add(p.id())) {
                        LOG.error("{}: pool {} is a document of {}, above the {} a pool document may have: not"
                                + " written (its extras are too large)", backend.name(), p.name(),
                                Capacity.human(doc.length), Capacity.human(Estate.MAX_DOCUMENT_BYTES));
                    }
                    continue;
                }
                oversizedPools.remove(p.id());
                ops.add(Op.put(bytes(session.layout().pool(dockId, p.id())), ByteSequence.from(doc),
                        PutOption.DEFAULT));
                onCommit.add(() -> {
                    known.put(p.id(), p);
                    revisions.put(p.id(), committedAt);
                });
                poolPuts++;
            }
            for (String id : deletes) {
                ops.add(Op.delete(bytes(session.layout().pool(dockId, id)), DeleteOption.DEFAULT));
                onCommit.add(() -> {
                    known.remove(id);
                    revisions.remove(id);
                });
                poolDeletes++;
            }
            // Pool chunks first, the status last: a reader never sees a status ahead of its pools.
            int from = 0;
            while (ops.size() - from > MAX_OPS_PER_TXN) {
                long rev = commit(ops.subList(from, from + MAX_OPS_PER_TXN));
                if (rev == 0) {
                    return false;
                }
                committedAt = rev;
                onCommit.subList(from, from + MAX_OPS_PER_TXN).forEach(Runnable::run);
                from += MAX_OPS_PER_TXN;
            }
            List<Op> last = new ArrayList<>(ops.subList(from, ops.size()));
            long lease = loopLease;
            if (statusChanged) {
                if (lease == 0) {
                    lease = session.grantLease();
                }
                last.add(Op.put(bytes(session.layout().loop(dockId, backend.name())), ByteSequence.from(Json.encode(next)),
                        PutOption.builder().withLeaseId(lease).build()));
            }
            boolean committed = false;
            try {
                long rev = commit(last);
                committed = rev != 0;
                committedAt = rev;
            } finally {
                if (lease != loopLease && !committed) {
                    session.revokeQuietly(lease); // a fresh lease whose key never got written
                }
            }
            if (!committed) {
                return false;
            }
            loopLease = lease;
            onCommit.subList(from, onCommit.size()).forEach(Runnable::run);
            metrics.poolPuts.addAndGet(poolPuts);
            metrics.poolDeletes.addAndGet(poolDeletes);
            if (statusChanged) {
                metrics.statusPuts.incrementAndGet();
                written = next;
                loopRevision = committedAt;
            }
            if (lastPublishFailed) {
                LOG.info("{}: etcd writes succeed again", backend.name());
                lastPublishFailed = false;
            }
            return true;
        } catch (EtcdUnavailableException e) {
            if (e.failure() == EtcdFailure.LEASE_NOT_FOUND) {
                throw new LeaseLostException();
            }
            if (e.failure().alarm()) {
                return false; // the dock's session logs an alarm once for all its loops
            }
            if (!lastPublishFailed) {
                LOG.warn("{}: cannot write to etcd, will retry: {}", backend.name(), e.getMessage());
                lastPublishFailed = true;
            }
            return false;
        }
    }

    /** The revision of the transaction being committed, for the {@code onCommit} actions (loop thread only). */
    private long committedAt;

    /** Commits one transaction; its revision, or 0 when fenced. */
    private long commit(List<Op> ops) throws EtcdUnavailableException, InterruptedException {
        metrics.transactions.incrementAndGet();
        java.util.OptionalLong rev = session.commitAt("publish " + backend.name(), ops);
        if (rev.isEmpty()) {
            LOG.debug("{}: write fenced (the dock is being re-registered); will re-publish", backend.name());
            return 0;
        }
        return rev.getAsLong();
    }

    private static boolean significant(LoopStatus a, LoopStatus b) {
        // A backend failing the same way forever is written at 1, 2, 4, 8, … failures, not every retry.
        boolean failuresMilestone = a.consecutiveFailures() != b.consecutiveFailures()
                && (b.consecutiveFailures() == 0 || Integer.bitCount(b.consecutiveFailures()) == 1);
        return a.state() != b.state() || !java.util.Objects.equals(a.lastError(), b.lastError())
                || failuresMilestone || a.poolCount() != b.poolCount() || !a.interval().equals(b.interval());
    }

    /**
     * Stops the loop and waits for its thread. {@code revokeLease}: remove the loop key now (a
     * graceful stop) rather than letting it expire.
     */
    public void close(boolean revokeLease) {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(Math.max(2000, session.opTimeout().toMillis() * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (inFlight != null) {
            inFlight.cancel(true);
        }
        driverCalls.shutdownNow();
        if (revokeLease) {
            session.revokeQuietly(loopLease);
        }
        driver.close();
    }

    /** Removes the loop key now (after a graceful stop was recorded). */
    public void revokeLease() {
        session.revokeQuietly(loopLease);
        loopLease = 0;
    }

    @Override
    public void close() {
        close(true);
    }
}
