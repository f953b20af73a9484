package com.capreport.agent.bench;

import com.capreport.agent.Agent;
import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.discovery.DiscoveryLoop;
import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverContext;
import com.capreport.agent.driver.DriverException;
import com.capreport.agent.driver.DriverFactory;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.driver.StorageDriver;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.model.Json;
import com.capreport.model.PoolIds;
import com.capreport.model.match.SyntheticWorkload;
import io.etcd.jetcd.Client;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * N docks in one JVM, each a real {@link Agent} (the real config loader, dock session, fenced
 * transactions, discovery loop, diff writes) on one {@code sim} backend, all sharing one etcd
 * client; every dock still has its own process lease and its loop its own lease.
 *
 * <p>Each sim driver is wrapped in a {@link Backend} that applies queued changes right before a
 * listing and stamps when that listing returned: the moment the change was <em>discovered</em>.
 */
final class SimulatedDocks implements AutoCloseable {
    static final String BACKEND = "sim-1";

    private final List<Dock> docks = new ArrayList<>();

    /** One simulated dock: its agent and its backend. */
    record Dock(String id, Agent agent, Backend backend) {
        DiscoveryLoop loop() {
            return agent.loops().get(0);
        }

        String poolId(String poolName) {
            return PoolIds.poolId(id, BACKEND, poolName);
        }
    }

    /**
     * A change to apply at the next listing; {@code discovered} is called with {@link System#nanoTime()}
     * when the listing that carries it returned.
     */
    record Change(String poolName, long freeBytes, Integer maxIops, LongConsumer discovered) {
    }

    /** The sim driver as the loop sees it: queued changes applied before a listing, hangs on request. */
    static final class Backend implements StorageDriver {
        private final SimDriver sim;
        private final ConcurrentLinkedQueue<Change> queued = new ConcurrentLinkedQueue<>();
        private volatile LongConsumer onHang;

        Backend(SimDriver sim) {
            this.sim = sim;
        }

        SimDriver sim() {
            return sim;
        }

        void queue(Change c) {
            queued.add(c);
        }

        /** The next listing hangs (until the loop's timeout cuts it); {@code started} gets the nanoTime it began. */
        void hangNext(LongConsumer started) {
            onHang = started;
        }

        void release() {
            onHang = null;
            sim.setMode(SimDriver.Mode.OK, null);
        }

        @Override
        public String driverName() {
            return "sim";
        }

        @Override
        public List<DiscoveredPool> listPools(Duration timeout) throws DriverException, InterruptedException {
            LongConsumer hang = onHang;
            if (hang != null) {
                onHang = null;
                sim.setMode(SimDriver.Mode.HANG, null);
                hang.accept(System.nanoTime());
            }
            List<Change> applied = new ArrayList<>();
            for (Change c; (c = queued.poll()) != null; ) {
                sim.setFreeBytes(c.poolName(), c.freeBytes());
                if (c.maxIops() != null) {
                    sim.setCapability(c.poolName(), "IOConnectivityLineOfService.MaxIOPS", c.maxIops());
                }
                applied.add(c);
            }
            List<DiscoveredPool> listing = sim.listPools(timeout);
            long now = System.nanoTime();
            applied.forEach(c -> c.discovered().accept(now));
            return listing;
        }

        @Override
        public void close() {
            sim.close();
        }
    }

    /** The pool's capacity in every dock: 10 TiB; free starts at half. */
    static final long TOTAL_GIB = 10_240;

    /**
     * Starts {@code count} docks ("bench-0000" …) of {@code poolsPerDock} pools each, {@code parallel}
     * at a time, and returns once every dock holds its lease and its loop wrote its first status.
     */
    static SimulatedDocks start(Client client, EtcdConnection etcd, int count, int poolsPerDock, Duration interval,
                                Duration leaseTtl, Duration timeout, int parallel, java.io.PrintWriter progress)
            throws Exception {
        SimulatedDocks out = new SimulatedDocks();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Dock>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> startOne(client, etcd, n, poolsPerDock, interval, leaseTtl, timeout)));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < futures.size(); i++) {
                out.docks.add(futures.get(i).get());
                if ((i + 1) % 250 == 0 && i + 1 < count) {
                    progress.printf("  %,d of %,d docks started (%.1f s)%n", i + 1, count, (System.nanoTime() - t0) / 1e9);
                }
            }
            return out;
        } catch (Exception e) {
            out.close();
            throw e;
        } finally {
            pool.shutdown();
        }
    }

    private static Dock startOne(Client client, EtcdConnection etcd, int n, int poolsPerDock, Duration interval,
                                 Duration leaseTtl, Duration timeout) throws Exception {
        String dockId = String.format("bench-%04d", n);
        Random random = new Random(n);
        StringBuilder pools = new StringBuilder();
        for (int p = 0; p < poolsPerDock; p++) {
            boolean ceph = random.nextInt(3) == 0;
            Map<String, Object> extras = SyntheticWorkload.extras(random, ceph);
            pools.append("      - { name: ").append(ceph ? "rbd-" : "vg-").append(p).append(", totalCapacity: ")
                    .append(TOTAL_GIB).append(", freeCapacity: ").append(TOTAL_GIB / 2).append(", extras: ")
                    .append(new String(Json.encode(extras), java.nio.charset.StandardCharsets.UTF_8)).append(" }\n");
        }
        String yaml = "dock: { id: " + dockId + ", availabilityZone: az01, grpc: \"off\" }\n"
                + "etcd: { endpoints: " + new String(Json.encode(etcd.endpoints()), java.nio.charset.StandardCharsets.UTF_8)
                + ", prefix: \"" + etcd.prefix() + "\" }\n"
                + "discovery: { interval: " + interval.toMillis() + "ms, timeout: " + timeout.toMillis() + "ms, leaseTtl: "
                + leaseTtl.toSeconds() + "s }\n"
                + "backends:\n  - name: " + BACKEND + "\n    driver: sim\n    seed: " + n + "\n    pools:\n" + pools;
        List<Backend> made = new ArrayList<>(1);
        DriverFactory simFactory = new SimDriver.Factory();
        DriverRegistry registry = new DriverRegistry(List.of(new DriverFactory() {
            @Override
            public String name() {
                return "sim";
            }

            @Override
            public Set<String> optionKeys() {
                return simFactory.optionKeys();
            }

            @Override
            public StorageDriver create(DriverContext ctx) throws ConfigException {
                Backend b = new Backend((SimDriver) simFactory.create(ctx));
                made.add(b);
                return b;
            }
        }));
        AgentConfig config = new ConfigLoader(registry).parse("bench dock " + dockId, yaml);
        Agent agent = Agent.start(config, registry, Clock.systemUTC(), client);
        return new Dock(dockId, agent, made.get(0));
    }

    List<Dock> docks() {
        return docks;
    }

    /** Cycles, pool writes, status writes and transactions summed over every loop, now. */
    Totals totals() {
        long cycles = 0;
        long poolWrites = 0;
        long statusWrites = 0;
        long txns = 0;
        for (Dock d : docks) {
            DiscoveryLoop.Metrics m = d.loop().metrics();
            cycles += m.cycles.get();
            poolWrites += m.poolPuts.get() + m.poolDeletes.get();
            statusWrites += m.statusPuts.get();
            txns += m.transactions.get();
        }
        return new Totals(cycles, poolWrites, statusWrites, txns, System.nanoTime());
    }

    /** What the loops had done at one moment; differences of two give a window's figures. */
    record Totals(long cycles, long poolWrites, long statusWrites, long transactions, long atNanos) {
        Totals minus(Totals earlier) {
            return new Totals(cycles - earlier.cycles, poolWrites - earlier.poolWrites,
                    statusWrites - earlier.statusWrites, transactions - earlier.transactions, atNanos - earlier.atNanos);
        }

        double seconds() {
            return atNanos / 1e9;
        }
    }

    /** The original implementation's behaviour on every loop: rewrite every pool every cycle. */
    void naive(boolean on) {
        docks.forEach(d -> d.loop().rewriteEveryCycle(on));
    }

    /** Graceful stop of every dock still running, {@code parallel} at a time. */
    @Override
    public void close() {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (Dock d : docks) {
            pool.execute(() -> {
                try {
                    d.agent().close();
                } catch (RuntimeException e) {
                    // closing is best effort: the leases expire anyway
                }
            });
        }
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
