package com.capreport.agent.report;

import static com.capreport.agent.etcd.EtcdClients.await;
import static com.capreport.agent.etcd.EtcdClients.bytes;

import com.capreport.agent.etcd.EtcdFailure;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.model.DockAlive;
import com.capreport.model.DockProof;
import com.capreport.model.DockSpec;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.ModelParseException;
import com.capreport.model.PoolSpec;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dock's hold on etcd: a small state machine (LATENT → STARTED → CLOSED, or FENCED when a newer
 * agent took the dock) in the manner of Curator's PersistentNode.
 *
 * <ul>
 *   <li>{@link #start} grants the process lease and creates {@code alive} under it only if nobody
 *       holds it; a live holder is refused with its host and pid. A holder that is a dead process
 *       of this same host (a crash followed by a quick restart) is replaced.</li>
 *   <li>A heartbeat thread renews the process lease every TTL/3. When etcd says the lease is gone
 *       (an outage longer than the TTL), it re-claims: new lease, new {@code alive}, the DockSpec
 *       re-put, and {@link #generation()} moves on so loops re-publish what etcd lost.</li>
 *   <li>The heartbeat also rewrites {@code proof} ({@link DockProof}) every proof period, fenced
 *       like a commit: etcd 3.4 lets any authenticated user keep any lease alive, so the lease alone
 *       proves nothing; a put under the dock's prefix is checked by RBAC.</li>
 *   <li>{@link #commit} runs a cycle's writes in one transaction guarded by the create revision of
 *       our {@code alive}: a zombie agent whose dock was taken over can never write.</li>
 * </ul>
 */
public final class DockSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockSession.class);
    /** How long the agent's first etcd call at start may take (it connects too); later calls get the op timeout. */
    static final Duration FIRST_CONTACT = Duration.ofSeconds(10);

    /** The session's lifecycle. */
    public enum State { LATENT, STARTED, FENCED, CLOSED }

    /** How a fenced commit ended. */
    public enum Outcome { COMMITTED, FENCED }

    private final Client client;
    private final KeyLayout layout;
    private final String dockId;
    private final Duration ttl;
    private final Duration opTimeout;
    private final Clock clock;
    private final DockAlive aliveValue;
    private final String localHost;
    private final Consumer<String> onFenced;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong beats = new AtomicLong();
    private final ScheduledExecutorService heartbeat;

    private volatile State state = State.LATENT;
    private volatile DockSpec spec;
    private volatile long leaseId;
    private volatile long aliveCreateRevision;
    /** The revisions of our last writes of {@code alive} and the spec: another writer shows as a different one. */
    private volatile long aliveModRevision;
    private volatile long specModRevision;
    /** The proof of life: how often (empty: this session writes none), when we last wrote it, at which revision. */
    private final Optional<Duration> proofPeriod;
    private volatile Instant proofWrittenAt;
    private volatile long proofModRevision;
    private final AtomicLong proofWrites = new AtomicLong();
    private volatile boolean connected;
    private volatile String lastEtcdError = "";
    private final AlarmLog alarms;

    public DockSession(Client client, KeyLayout layout, String dockId, Duration ttl, Clock clock,
                       DockAlive aliveValue, Consumer<String> onFenced) {
        this.client = client;
        this.layout = layout;
        this.dockId = dockId;
        this.ttl = ttl;
        this.opTimeout = Duration.ofMillis(Math.max(1000, Math.min(5000, ttl.toMillis() / 2)));
        this.clock = clock;
        this.aliveValue = aliveValue;
        this.localHost = aliveValue.host();
        this.proofPeriod = aliveValue.proof();
        this.onFenced = onFenced;
        this.alarms = new AlarmLog(dockId, clock);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dock-heartbeat-" + dockId);
            t.setDaemon(true);
            return t;
        });
    }

    public KeyLayout layout() {
        return layout;
    }

    public String dockId() {
        return dockId;
    }

    public State state() {
        return state;
    }

    /** Increments each time the dock is (re-)claimed; loops re-read etcd when it moves. */
    public long generation() {
        return generation.get();
    }

    /** The process lease now held (0 before the claim); the load benchmark revokes it to act out a crash. */
    public long leaseId() {
        return leaseId;
    }

    public boolean connected() {
        return connected;
    }

    public String lastEtcdError() {
        return lastEtcdError;
    }

    public Duration ttl() {
        return ttl;
    }

    /** The etcd alarm (NO_SPACE, CORRUPT) that refused this dock's last write, until a write goes through. */
    public Optional<EtcdFailure> alarm() {
        return alarms.raised();
    }

    public Duration opTimeout() {
        return opTimeout;
    }

    /**
     * Claims the dock and writes its spec. The spec's {@code createdAt} is kept from etcd when the
     * dock was known before.
     */
    public synchronized void start(DockSpec initialSpec) throws DockHeldException, EtcdUnavailableException,
            InterruptedException {
        if (state != State.LATENT) {
            throw new IllegalStateException("session already " + state);
        }
        Optional<DockSpec> previous = readSpec();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        this.spec = new DockSpec(initialSpec.id(), initialSpec.name(), initialSpec.host(), initialSpec.endpoint(),
                initialSpec.availabilityZone(), initialSpec.backends(), initialSpec.agentVersion(),
                initialSpec.startedAt(), null, previous.map(DockSpec::createdAt).orElse(now), now);
        claim(true);
        state = State.STARTED;
        long period = Math.max(300, ttl.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::heartbeatSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private Optional<DockSpec> readSpec() throws EtcdUnavailableException, InterruptedException {
        // The first call of a new client also connects (channel, TLS handshake, auth token): on a busy
        // host that alone can take longer than a running agent's op timeout (TTL/2), and a start that
        // fails on it reads as "cannot reach etcd" although etcd is fine. It gets FIRST_CONTACT.
        GetResponse r = call(client.getKVClient().get(bytes(layout.dockSpec(dockId))), "read dock spec",
                bulkTimeout());
        if (r.getKvs().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.decode(r.getKvs().get(0).getValue().getBytes(), DockSpec.class,
                    "dock spec " + layout.dockSpec(dockId)));
        } catch (ModelParseException e) {
            LOG.warn("{} (it will be overwritten)", e.getMessage());
            return Optional.empty();
        }
    }

    /** Grants a lease, creates {@code alive} if absent, writes the spec. Caller holds the lock. */
    private void claim(boolean initial) throws DockHeldException, EtcdUnavailableException, InterruptedException {
        long newLease = call(client.getLeaseClient().grant(ttl.toSeconds()), "grant process lease").getID();
        ByteSequence aliveKey = bytes(layout.alive(dockId));
        ByteSequence specKey = bytes(layout.dockSpec(dockId));
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Op> then = new java.util.ArrayList<>(List.of(Op.put(aliveKey, ByteSequence.from(Json.encode(aliveValue)),
                            PutOption.builder().withLeaseId(newLease).build()),
                    Op.put(specKey, ByteSequence.from(Json.encode(spec)), PutOption.DEFAULT)));
            Instant proofAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            proofOp(proofAt, newLease).ifPresent(then::add); // a new claim is proven from its first revision
            TxnResponse r = call(client.getKVClient().txn()
                    .If(new Cmp(aliveKey, Cmp.Op.EQUAL, CmpTarget.version(0)))
                    .Then(then.toArray(Op[]::new))
                    .Else(Op.get(aliveKey, GetOption.DEFAULT))
                    .commit(), "claim " + layout.alive(dockId));
            if (r.isSucceeded()) {
                if (proofPeriod.isPresent()) {
                    proofWrittenAt = proofAt;
                    proofModRevision = r.getHeader().getRevision();
                    proofWrites.incrementAndGet();
                }
                long old = leaseId;
                leaseId = newLease;
                aliveCreateRevision = r.getHeader().getRevision();
                aliveModRevision = aliveCreateRevision;
                specModRevision = aliveCreateRevision;
                generation.incrementAndGet();
                if (!initial) {
                    LOG.info("dock {}: re-registered in etcd (new lease {}), re-publishing", dockId,
                            Long.toHexString(newLease));
                    revokeQuietly(old);
                }
                return;
            }
            KeyValue holderKv = r.getGetResponses().get(0).getKvs().isEmpty() ? null
                    : r.getGetResponses().get(0).getKvs().get(0);
            if (holderKv == null) {
                continue; // it expired between compare and get: try again
            }
            if (holderKv.getLease() == 0) {
                // No agent writes alive without a lease: someone put it by hand (etcdctl put). It can
                // never expire, so waiting would wait forever: replace it.
                LOG.warn("dock {}: {} holds a value without a lease (written by hand, not by an agent): replacing it",
                        dockId, layout.alive(dockId));
                call(client.getKVClient().txn()
                        .If(new Cmp(aliveKey, Cmp.Op.EQUAL, CmpTarget.modRevision(holderKv.getModRevision())))
                        .Then(Op.delete(aliveKey, DeleteOption.DEFAULT)).commit(), "replace " + layout.alive(dockId));
                continue;
            }
            DockAlive holder = decodeHolder(holderKv);
            if (holder != null && holder.sameProcessAs(aliveValue)) {
                // Our own claim (a reply lost on the way, or another thread re-claimed first): adopt it.
                revokeQuietly(newLease);
                if (leaseId != holderKv.getLease() || aliveCreateRevision != holderKv.getCreateRevision()) {
                    leaseId = holderKv.getLease();
                    aliveCreateRevision = holderKv.getCreateRevision();
                    aliveModRevision = holderKv.getModRevision();
                    specModRevision = 0; // not known: the next check rewrites it
                    proofWrittenAt = null; // not known either: the next beat writes it
                    generation.incrementAndGet();
                }
                return;
            }
            if (initial && attempt == 0 && holder != null && isDeadLocalProcess(holder)) {
                LOG.warn("dock {}: {} is held by {}, a process of this host that no longer runs: taking over",
                        dockId, layout.alive(dockId), holder.describe());
                call(client.getKVClient().txn()
                        .If(new Cmp(aliveKey, Cmp.Op.EQUAL, CmpTarget.modRevision(holderKv.getModRevision())))
                        .Then(Op.delete(aliveKey, DeleteOption.DEFAULT)).commit(), "replace stale " + layout.alive(dockId));
                continue;
            }
            revokeQuietly(newLease);
            throw new DockHeldException(dockId, holder, layout.alive(dockId), ttl.toSeconds());
        }
        revokeQuietly(newLease);
        throw new EtcdUnavailableException(EtcdFailure.OTHER, "claim " + layout.alive(dockId)
                + ": the key kept changing; try again", null);
    }

    private static DockAlive decodeHolder(KeyValue kv) {
        try {
            return Json.decode(kv.getValue().getBytes(), DockAlive.class, "alive");
        } catch (ModelParseException e) {
            return null;
        }
    }

    private boolean isDeadLocalProcess(DockAlive holder) {
        // Same host name is not enough (cloned VMs, containers): the machine id must match too.
        if (!holder.host().equals(localHost) || holder.pid() <= 0 || holder.machineId().isEmpty()
                || !holder.machineId().equals(aliveValue.machineId())) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(holder.pid());
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        // The pid was reused by a process started after the holder: the holder is gone.
        Optional<Instant> started = p.get().info().startInstant();
        return holder.startedAt() != null && started.isPresent()
                && started.get().isAfter(holder.startedAt().plusSeconds(1));
    }

    private void heartbeatSafely() {
        try {
            heartbeatOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("dock {}: heartbeat failed unexpectedly: {}", dockId, e.toString(), e);
        }
    }

    void heartbeatOnce() throws InterruptedException {
        if (state != State.STARTED) {
            return;
        }
        long lease = leaseId;
        long fence = aliveCreateRevision;
        try {
            LeaseKeepAliveResponse r = call(client.getLeaseClient().keepAliveOnce(lease), "renew process lease");
            if (r.getTTL() <= 0) {
                reclaim("process lease " + Long.toHexString(lease) + " expired", lease, fence);
                return;
            }
            // Every third beat: are our alive and spec still what we wrote? (deleted, or overwritten by
            // hand: a put without our lease, garbage in the spec)
            if (beats.incrementAndGet() % 3 == 0) {
                checkOwnKeys(lease, fence);
            }
            Instant last = proofWrittenAt;
            if (proofPeriod.isPresent() && (last == null
                    || !clock.instant().isBefore(last.plus(proofPeriod.get())))) {
                writeProof("due");
            }
        } catch (EtcdUnavailableException e) {
            if (e.failure() == EtcdFailure.LEASE_NOT_FOUND) {
                reclaim("process lease " + Long.toHexString(lease) + " expired", lease, fence);
            }
        }
    }

    private void checkOwnKeys(long lease, long fence) throws EtcdUnavailableException, InterruptedException {
        GetOption keysOnly = GetOption.builder().withKeysOnly(true).build();
        TxnResponse t = call(client.getKVClient().txn().Then(Op.get(bytes(layout.alive(dockId)), keysOnly),
                Op.get(bytes(layout.dockSpec(dockId)), keysOnly), Op.get(bytes(layout.proof(dockId)), keysOnly))
                .commit(), "check " + layout.alive(dockId));
        List<KeyValue> alive = t.getGetResponses().get(0).getKvs();
        List<KeyValue> specKv = t.getGetResponses().get(1).getKvs();
        List<KeyValue> proofKv = t.getGetResponses().get(2).getKvs();
        if (alive.isEmpty() || alive.get(0).getCreateRevision() != fence) {
            reclaim("our " + layout.alive(dockId) + " is gone", lease, fence);
        } else if (alive.get(0).getLease() != lease || alive.get(0).getModRevision() != aliveModRevision) {
            reclaim(layout.alive(dockId) + " was overwritten by another writer (" + (alive.get(0).getLease() == 0
                    ? "without a lease" : "lease " + Long.toHexString(alive.get(0).getLease())) + ")", lease, fence);
        } else if (specKv.isEmpty() || specKv.get(0).getModRevision() != specModRevision) {
            rewriteSpec(specKv.isEmpty() ? "is gone" : "was overwritten by another writer");
        }
        if (proofPeriod.isPresent() && (proofKv.isEmpty() || proofKv.get(0).getModRevision() != proofModRevision)
                && proofWrittenAt != null) {
            writeProof(proofKv.isEmpty() ? "is gone" : "was overwritten by another writer");
        }
    }

    /** The put of a proof of life dated {@code at}, bound to {@code lease} (it goes with {@code alive}). */
    private Optional<Op> proofOp(Instant at, long lease) {
        return proofPeriod.map(period -> Op.put(bytes(layout.proof(dockId)),
                ByteSequence.from(Json.encode(new DockProof(at, period))), PutOption.builder().withLeaseId(lease).build()));
    }

    /**
     * Rewrites the proof of life, fenced by our {@code alive} like a commit: a zombie agent whose dock
     * was taken over proves nothing. {@code why}: "due", or what the check found.
     */
    private synchronized void writeProof(String why) throws EtcdUnavailableException, InterruptedException {
        if (state != State.STARTED || proofPeriod.isEmpty()) {
            return;
        }
        Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ByteSequence aliveKey = bytes(layout.alive(dockId));
        TxnResponse r = call(client.getKVClient().txn()
                .If(new Cmp(aliveKey, Cmp.Op.EQUAL, CmpTarget.createRevision(aliveCreateRevision)))
                .Then(proofOp(at, leaseId).orElseThrow())
                .commit(), "write " + layout.proof(dockId));
        alarms.wrote();
        if (r.isSucceeded()) {
            proofWrittenAt = at;
            proofModRevision = r.getHeader().getRevision();
            proofWrites.incrementAndGet();
            if (!why.equals("due")) {
                LOG.warn("dock {}: {} {}: written again", dockId, layout.proof(dockId), why);
            }
        }
    }

    /** Proofs of life this session wrote (the claim's included): what the load benchmark counts. */
    public long proofWrites() {
        return proofWrites.get();
    }

    /** How often this session proves it lives (empty: it writes no proof). */
    public Optional<Duration> proofPeriod() {
        return proofPeriod;
    }

    /** Puts the spec again (fenced by our alive), when the check found it missing or not ours. */
    private synchronized void rewriteSpec(String why) throws EtcdUnavailableException, InterruptedException {
        if (state != State.STARTED) {
            return;
        }
        ByteSequence aliveKey = bytes(layout.alive(dockId));
        TxnResponse r = call(client.getKVClient().txn()
                .If(new Cmp(aliveKey, Cmp.Op.EQUAL, CmpTarget.createRevision(aliveCreateRevision)))
                .Then(Op.put(bytes(layout.dockSpec(dockId)), ByteSequence.from(Json.encode(spec)), PutOption.DEFAULT))
                .commit(), "rewrite " + layout.dockSpec(dockId));
        if (r.isSucceeded()) {
            specModRevision = r.getHeader().getRevision();
            LOG.warn("dock {}: {} {}: written again", dockId, layout.dockSpec(dockId), why);
        }
    }

    /**
     * Called when the claim ({@code lease}, {@code fence}) that the caller saw is gone: re-claim, or
     * go FENCED when another agent holds the dock. A claim already renewed by another thread is
     * left alone.
     */
    synchronized void reclaim(String why, long lease, long fence) throws InterruptedException {
        if (state != State.STARTED || lease != leaseId || fence != aliveCreateRevision) {
            return;
        }
        LOG.warn("dock {}: {}; registering again", dockId, why);
        try {
            claim(false);
        } catch (DockHeldException e) {
            state = State.FENCED;
            LOG.error("dock {}: taken over by another agent, this one stops writing: {}", dockId, e.getMessage());
            onFenced.accept(e.getMessage());
        } catch (EtcdUnavailableException e) {
            LOG.debug("dock {}: re-claim failed, will retry: {}", dockId, e.getMessage());
        }
    }

    /**
     * Runs {@code ops} in one transaction that succeeds only while this session's {@code alive}
     * exists. When it does not, the session re-claims (or goes FENCED) and the result is FENCED:
     * the caller keeps its changes and tries again later.
     */
    public Outcome commit(String what, List<Op> ops) throws EtcdUnavailableException, InterruptedException {
        return commitAt(what, ops).isPresent() ? Outcome.COMMITTED : Outcome.FENCED;
    }

    /** Like {@link #commit}, with the revision the transaction made (every key it wrote has it); empty when fenced. */
    public java.util.OptionalLong commitAt(String what, List<Op> ops) throws EtcdUnavailableException,
            InterruptedException {
        if (state != State.STARTED) {
            return java.util.OptionalLong.empty();
        }
        long lease = leaseId;
        long fence = aliveCreateRevision;
        ByteSequence aliveKey = bytes(layout.alive(dockId));
        TxnResponse r = call(client.getKVClient().txn()
                .If(new Cmp(aliveKey, Cmp.Op.EQUAL, CmpTarget.createRevision(fence)))
                .Then(ops.toArray(Op[]::new))
                .Else(Op.get(aliveKey, GetOption.DEFAULT))
                .commit(), what);
        if (ops.stream().anyMatch(o -> o instanceof Op.PutOp)) {
            alarms.wrote(); // etcd took a transaction that writes: no alarm refuses writes now
        }
        if (r.isSucceeded()) {
            return java.util.OptionalLong.of(r.getHeader().getRevision());
        }
        reclaim("our " + layout.alive(dockId) + " is gone", lease, fence);
        return java.util.OptionalLong.empty();
    }

    /**
     * The mod revisions of this dock's pool keys (pool id → revision) and of one loop key (0 when
     * absent) with that key's lease, in one round trip and without values: what a loop compares
     * with the revisions of its own writes to notice a key someone else wrote or deleted.
     */
    public record OwnKeys(Map<String, Long> pools, long loopRevision, long loopLease) {
    }

    public OwnKeys ownKeys(String backend) throws EtcdUnavailableException, InterruptedException {
        String prefix = layout.poolsPrefix(dockId);
        TxnResponse t = call(client.getKVClient().txn().Then(
                Op.get(bytes(prefix), GetOption.builder().isPrefix(true).withKeysOnly(true).build()),
                Op.get(bytes(layout.loop(dockId, backend)), GetOption.builder().withKeysOnly(true).build()))
                .commit(), "check the keys under " + layout.dockPrefix(dockId));
        Map<String, Long> pools = new java.util.HashMap<>();
        for (KeyValue kv : t.getGetResponses().get(0).getKvs()) {
            pools.put(kv.getKey().toString(StandardCharsets.UTF_8).substring(prefix.length()), kv.getModRevision());
        }
        List<KeyValue> loop = t.getGetResponses().get(1).getKvs();
        return new OwnKeys(pools, loop.isEmpty() ? 0 : loop.get(0).getModRevision(),
                loop.isEmpty() ? 0 : loop.get(0).getLease());
    }

    /**
     * A page of pool documents (up to 100 keys or the byte budget) may take longer than a single small
     * write on a busy etcd: it gets the first-contact budget, not the op timeout.
     */
    private Duration bulkTimeout() {
        return opTimeout.compareTo(FIRST_CONTACT) > 0 ? opTimeout : FIRST_CONTACT;
    }

    /** Reads this dock's pools of one backend (or all when {@code backend} is null), skipping garbage. */
    public Map<String, PoolSpec> readPools(String backend) throws EtcdUnavailableException, InterruptedException {
        String prefix = layout.poolsPrefix(dockId);
        Map<String, PoolSpec> out = new LinkedHashMap<>();
        // Paged by keys and bytes: values someone else wrote under our prefix cannot make the read fail.
        com.capreport.agent.etcd.RangePager.list(client, prefix, com.capreport.agent.etcd.EstateReader.PAGE,
                com.capreport.model.Estate.MAX_DOCUMENT_BYTES, bulkTimeout(), "read pools under " + prefix, item -> {
                    if (item.oversized()) {
                        LOG.warn("pool key {} (left as is unless a discovered pool has this id)",
                                com.capreport.model.Estate.oversized(item.key(), item.bytes()).error());
                        return;
                    }
                    try {
                        PoolSpec p = Json.decode(item.value(), PoolSpec.class, "pool key " + item.key());
                        if (backend == null || backend.equals(p.backend())) {
                            out.put(item.key().substring(prefix.length()), p);
                        }
                    } catch (ModelParseException e) {
                        LOG.warn("{} (left as is unless a discovered pool has this id)", e.getMessage());
                    }
                });
        return out;
    }

    /** A fresh lease for a loop's status key. */
    public long grantLease() throws EtcdUnavailableException, InterruptedException {
        return call(client.getLeaseClient().grant(ttl.toSeconds()), "grant loop lease").getID();
    }

    /** Renews a loop lease once; false when etcd says it no longer exists. */
    public boolean renew(long lease) throws EtcdUnavailableException, InterruptedException {
        try {
            return call(client.getLeaseClient().keepAliveOnce(lease), "renew loop lease").getTTL() > 0;
        } catch (EtcdUnavailableException e) {
            if (e.failure() == EtcdFailure.LEASE_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    public void revokeQuietly(long lease) {
        if (lease == 0) {
            return;
        }
        try {
            client.getLeaseClient().revoke(lease).get(opTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("revoke lease {}: {}", Long.toHexString(lease), e.toString());
        }
    }

    /** Wraps a call: tracks connectivity, logs once on each change of it. */
    private <T> T call(java.util.concurrent.CompletableFuture<T> f, String what) throws EtcdUnavailableException,
            InterruptedException {
        return call(f, what, opTimeout);
    }

    private <T> T call(java.util.concurrent.CompletableFuture<T> f, String what, Duration timeout)
            throws EtcdUnavailableException, InterruptedException {
        try {
            T value = await(f, timeout, what);
            if (!connected) {
                connected = true;
                if (!lastEtcdError.isEmpty()) {
                    LOG.info("dock {}: etcd reachable again ({} succeeded)", dockId, what);
                }
                lastEtcdError = "";
            }
            return value;
        } catch (EtcdUnavailableException e) {
            if (e.failure().alarm()) {
                // etcd answers but refuses writes: not an outage (reads and lease renewals still work), one log per alarm.
                alarms.refused(e.failure(), e.getMessage());
            } else if (e.failure() != EtcdFailure.LEASE_NOT_FOUND) {
                if (state == State.STARTED && (connected || lastEtcdError.isEmpty())) {
                    LOG.warn("dock {}: etcd unavailable: {} (the agent keeps polling and will re-publish)", dockId,
                            e.getMessage());
                }
                connected = false;
                lastEtcdError = e.getMessage();
            }
            throw e;
        }
    }

    /**
     * Ends the session. {@code graceful}: records the stop on the DockSpec (so "stopped" and "died"
     * look different) and revokes the process lease, which removes {@code alive} at once. Not
     * graceful: the heartbeat just stops, and the lease expires within its TTL, as after a crash.
     */
    public synchronized void close(boolean graceful) {
        if (state == State.CLOSED) {
            return;
        }
        State was = state;
        state = State.CLOSED;
        heartbeat.shutdownNow();
        if (was == State.STARTED && graceful) {
            try {
                DockSpec stopped = spec.stopped(clock.instant());
                ByteSequence aliveKey = bytes(layout.alive(dockId));
                await(client.getKVClient().txn()
                        .If(new Cmp(aliveKey, Cmp.Op.EQUAL, CmpTarget.createRevision(aliveCreateRevision)))
                        .Then(Op.put(bytes(layout.dockSpec(dockId)), ByteSequence.from(Json.encode(stopped)),
                                PutOption.DEFAULT))
                        .commit(), opTimeout, "record stop");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (EtcdUnavailableException e) {
                LOG.warn("dock {}: could not record the stop in etcd ({}): once its lease expires, readers will show"
                        + " this dock dead, not stopped", dockId, e.getMessage());
            }
        }
        if (was == State.STARTED && graceful) {
            revokeQuietly(leaseId);
        }
        try {
            heartbeat.awaitTermination(opTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(true);
    }

    /** The dock spec as written (for gRPC status). */
    public DockSpec spec() {
        return spec;
    }
}
