package com.capreport.agent.bench;

import com.capreport.agent.etcd.EstateFeed;
import com.capreport.agent.etcd.EstateUpdate;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.model.Estate;
import com.capreport.model.PoolSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The dashboard's data model without a window: an {@link EstateFeed} whose coalesced hand-offs run
 * on one "model" thread, as they run on the FX thread in the dashboard. Each hand-off checks what
 * the bench expects to see (a pool's new values, a dock dead, a loop's thread dead) and records
 * how long after its start the model held it.
 */
final class ModelProbe implements AutoCloseable {
    private final EstateFeed feed;
    private final ExecutorService model = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-model");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, PoolExpectation> pools = new ConcurrentHashMap<>();
    private final Map<String, StateExpectation> states = new ConcurrentHashMap<>();
    /** When the hand-off task now running started: before the feed regroups the estate for it. */
    private volatile long taskStart;
    private volatile Estate latest;
    /** Notified after every hand-off: what the waits below wake on. */
    private final Object handedOff = new Object();

    /** A pool's values the model should come to hold; {@code discoveredAt} is 0 until the listing returned. */
    static final class PoolExpectation {
        final long freeBytes;
        final Integer maxIops;
        final Samples into;
        volatile long discoveredAt;

        PoolExpectation(long freeBytes, Integer maxIops, Samples into) {
            this.freeBytes = freeBytes;
            this.maxIops = maxIops;
            this.into = into;
        }

        boolean heldBy(PoolSpec p) {
            if (p.freeCapacityBytes() != freeBytes) {
                return false;
            }
            if (maxIops == null) {
                return true;
            }
            Object io = p.extras().get("IOConnectivityLineOfService");
            return io instanceof Map<?, ?> m && m.get("MaxIOPS") instanceof Number n && n.longValue() == maxIops;
        }
    }

    private record StateExpectation(Predicate<Estate> condition, long sinceNanos, Samples into) {
    }

    ModelProbe(EtcdConnection connection) throws EtcdClients.SettingsException {
        this.feed = new EstateFeed(connection, Clock.systemUTC(), r -> model.execute(() -> {
            taskStart = System.nanoTime();
            r.run();
        }));
    }

    void start() {
        feed.start(this::onUpdate);
    }

    private void onUpdate(EstateUpdate u) {
        long now = System.nanoTime();
        Estate e = u.estate();
        latest = e;
        Samples r = regroupInto;
        if (r != null) {
            r.addNanosAsMillis(now - taskStart);
        }
        if (!pools.isEmpty()) {
            Map<String, PoolSpec> byId = null;
            for (Map.Entry<String, PoolExpectation> x : pools.entrySet()) {
                PoolExpectation exp = x.getValue();
                long at = exp.discoveredAt;
                if (at == 0) {
                    continue;
                }
                if (byId == null) {
                    byId = new HashMap<>(e.pools().size() * 2);
                    for (PoolSpec p : e.pools()) {
                        byId.put(p.id(), p);
                    }
                }
                PoolSpec p = byId.get(x.getKey());
                if (p != null && exp.heldBy(p) && pools.remove(x.getKey(), exp)) {
                    exp.into.addNanosAsMillis(now - at);
                }
            }
        }
        for (Map.Entry<String, StateExpectation> x : states.entrySet()) {
            StateExpectation s = x.getValue();
            if (s.condition.test(e) && states.remove(x.getKey(), s)) {
                s.into.addNanosAsMillis(now - s.sinceNanos);
            }
        }
        synchronized (handedOff) {
            handedOff.notifyAll();
        }
    }

    /** Expects pool {@code poolId} to come to hold the values; false when one is still pending for it. */
    boolean expectPool(String poolId, PoolExpectation expectation) {
        return pools.putIfAbsent(poolId, expectation) == null;
    }

    boolean pendingFor(String poolId) {
        return pools.containsKey(poolId);
    }

    /** Expects {@code condition} to hold from {@code sinceNanos} on; the delay goes into {@code into}. */
    void expectState(String name, Predicate<Estate> condition, long sinceNanos, Samples into) {
        states.put(name, new StateExpectation(condition, sinceNanos, into));
    }

    int pendingStates() {
        return states.size();
    }

    /** Forgets what is still pending (after a window) and returns how many were. */
    int dropPendingPools() {
        int n = pools.size();
        pools.clear();
        return n;
    }

    private volatile Samples regroupInto;

    /**
     * From now on, the time each hand-off spends before the consumer gets it (the watcher
     * regrouping its parsed keys into an {@code Estate}) goes into {@code samples}.
     */
    void recordHandOffsInto(Samples samples) {
        this.regroupInto = samples;
    }

    Estate latest() {
        return latest;
    }

    /** Waits, hand-off by hand-off, until the model's estate satisfies {@code condition}; false on timeout. */
    boolean await(Predicate<Estate> condition, Duration timeout) throws InterruptedException {
        return awaitHandOffs(() -> latest != null && condition.test(latest), timeout);
    }

    /** Waits until every state expectation was met; false on timeout. */
    boolean awaitStates(Duration timeout) throws InterruptedException {
        return awaitHandOffs(states::isEmpty, timeout);
    }

    /** Waits until every pool expectation was met; false on timeout. */
    boolean awaitPools(Duration timeout) throws InterruptedException {
        return awaitHandOffs(pools::isEmpty, timeout);
    }

    private boolean awaitHandOffs(java.util.function.BooleanSupplier done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (handedOff) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(handedOff, left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        feed.close();
        model.shutdownNow();
    }
}
