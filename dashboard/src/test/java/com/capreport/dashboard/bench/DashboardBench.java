package com.capreport.dashboard.bench;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.DashboardApp;
import com.capreport.dashboard.DashboardOptions;
import com.capreport.model.BackendRef;
import com.capreport.model.Capacity;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.LoopState;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The dashboard's figures (issue #4), measured against a real etcd with the real dashboard in a
 * headless stage (Monocle): time to first full paint and heap with N pools, and the time from a
 * pool write (as an agent writes it) to the table holding it. Not a test: run it with
 * {@code scripts/bench-dashboard}.
 */
public final class DashboardBench {
    private static final KeyLayout LAYOUT = new KeyLayout(KeyLayout.DEFAULT_PREFIX);

    public static void main(String[] args) throws Exception {
        int pools = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int updates = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("headless.geometry", "1920x1200-32");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        try (ManagedEtcd etcd = ManagedEtcd.start(); Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            List<PoolSpec> written = preload(client, pools);
            CompletableFuture<Void> started = new CompletableFuture<>();
            Platform.startup(() -> started.complete(null));
            started.get();
            Platform.setImplicitExit(false); // a closed warm-up window must not end the toolkit
            // -Dbench.warmups=N: N throwaway first paints before the measured one, in the same JVM. Not the figure
            // (a user starts the dashboard once, cold); it tells warm-up (class loading, JIT) from steady work.
            for (int w = Integer.getInteger("bench.warmups", 0); w > 0; w--) {
                DashboardApp warm = new DashboardApp(DashboardOptions.window(EtcdConnection.plain(List.of(etcd.endpoint()),
                        KeyLayout.DEFAULT_PREFIX)));
                long w0 = System.nanoTime();
                Stage[] ws = new Stage[1];
                fx(() -> {
                    ws[0] = new Stage();
                    warm.start(ws[0]);
                });
                awaitRows(() -> warm.poolsModel().rows(), pools);
                fx(() -> ws[0].getScene().snapshot(null));
                System.out.printf("WARMUP first paint %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - w0));
                fx(() -> {
                    warm.stop();
                    ws[0].close();
                });
            }
            DashboardApp app = new DashboardApp(DashboardOptions.window(EtcdConnection.plain(List.of(etcd.endpoint()),
                    KeyLayout.DEFAULT_PREFIX)));
            // CPU time next to the wall clock: on a shared machine the wall clock also counts other processes' turns.
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long fxThread = fxGet(() -> Thread.currentThread().getId());
            long fxCpu0 = threads.getThreadCpuTime(fxThread);
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long wall0 = System.currentTimeMillis();
            Stage[] stage = new Stage[1];
            fx(() -> {
                stage[0] = new Stage();
                app.start(stage[0]);
            });
            awaitRows(() -> app.poolsModel().rows(), pools);
            long rowsMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // A full CSS + layout + render of the window with the filled table (its cells built for the visible rows).
            int shown = fxGet(() -> {
                stage[0].getScene().snapshot(null);
                return app.poolsView().table().getItems().size();
            });
            long paintMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long cpuMs = TimeUnit.NANOSECONDS.toMillis(os.getProcessCpuTime() - cpu0);
            long fxCpuMs = TimeUnit.NANOSECONDS.toMillis(threads.getThreadCpuTime(fxThread) - fxCpu0);
            // For lining up a profile (JFR) with the measured span.
            System.out.printf("WINDOW first paint: %d..%d epoch ms%n", wall0, System.currentTimeMillis());
            if (shown < pools) {
                throw new IllegalStateException("the table shows " + shown + " of " + pools + " pools");
            }
            if (Boolean.getBoolean("bench.threads")) {
                printThreadCpu();
            }
            System.gc();
            System.gc();
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf("FIGURE %d pools: first full paint %d ms (etcd list + parse + table + render; rows in the "
                    + "view-model after %d ms), heap used after GC %d MiB (JVM total %d MiB, max %d MiB)%n", pools, paintMs,
                    rowsMs, heap >> 20, Runtime.getRuntime().totalMemory() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("FIGURE %d pools: CPU time during the first paint: %d ms in the process, %d ms on the FX thread "
                    + "(system load average %.1f on %d cores)%n", pools, cpuMs, fxCpuMs, os.getSystemLoadAverage(),
                    os.getAvailableProcessors());

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < updates; i++) {
                PoolSpec p = written.get((i * 7919) % written.size());
                long free = p.freeCapacityBytes() - (i + 1) * Capacity.GIB;
                PoolSpec changed = new PoolSpec(p.id(), p.createdAt(), Instant.now(), p.name(), p.storageType(),
                        p.description(), p.status(), p.availabilityZone(), p.totalCapacity(), Capacity.toGiB(free),
                        p.dockId(), p.backend(), p.driver(), p.nativeId(), p.totalCapacityBytes(), free, p.extras(),
                        p.capabilitySources());
                long start = System.nanoTime();
                client.getKVClient().put(EtcdClients.bytes(LAYOUT.pool(p.dockId(), p.id())),
                        ByteSequence.from(Json.encode(changed))).get();
                while (!fxGet(() -> app.poolsModel().rows().stream().anyMatch(r -> r.pool().id().equals(p.id())
                        && r.pool().freeCapacityBytes() == free))) {
                    TimeUnit.MICROSECONDS.sleep(500);
                }
                latencies.add(System.nanoTime() - start);
                written.set((i * 7919) % written.size(), changed);
            }
            latencies.sort(Long::compare);
            System.out.printf("FIGURE %d pools: pool write -> table holds it, %d updates: median %.1f ms, p99 %.1f ms, "
                    + "max %.1f ms%n", pools, updates, ms(latencies.get(latencies.size() / 2)),
                    ms(latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1))),
                    ms(latencies.get(latencies.size() - 1)));
            fx(() -> {
                app.stop();
                stage[0].close();
            });
        }
        Platform.exit();
        System.exit(0);
    }

    /** Linux: CPU time per thread name (JIT compiler and GC threads included), for telling where CPU went. */
    private static void printThreadCpu() throws java.io.IOException {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // a thread that ended meanwhile
                }
            }
        }
        ticks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(e -> System.out.printf("THREAD %-24s %6d ms CPU since start%n", e.getKey(), e.getValue() * 10));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Docks of 10 pools each, alive and running, pools as the sim driver would report them. */
    private static List<PoolSpec> preload(Client client, int count) throws Exception {
        List<PoolSpec> out = new ArrayList<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        Instant now = Instant.now();
        int docks = Math.max(1, count / 10);
        for (int d = 0; d < docks; d++) {
            String dock = "node-" + d;
            List<Op> ops = new ArrayList<>();
            ops.add(put(LAYOUT.dockSpec(dock), new DockSpec(dock, dock, "host-" + d, "", "az" + (d % 3),
                    List.of(new BackendRef("lab", "sim")), "bench", now, null, now, now)));
            ops.add(put(LAYOUT.alive(dock), new DockAlive("host-" + d, 1000 + d, now, "bench", "", "bench")));
            ops.add(put(LAYOUT.loop(dock, "lab"), new LoopStatus(dock, "lab", "sim", LoopState.RUNNING, now, 1, now, null, 0,
                    Duration.ofSeconds(60), 10, now)));
            for (int i = 0; i < 10 && out.size() < count; i++) {
                String name = "pool-" + d + "-" + i;
                long total = Capacity.fromGiB(1000 + i);
                PoolSpec p = new PoolSpec(PoolIds.poolId(dock, "lab", name), now, now, name, "block", "", PoolStatus.AVAILABLE,
                        "az" + (d % 3), Capacity.toGiB(total), 500, dock, "lab", "sim", name, total, Capacity.fromGiB(500),
                        Map.of("DataStorageLineOfService", Map.of("ProvisioningPolicy", List.of(i % 2 == 0 ? "Thin" : "Fixed"),
                                "RecoverableCapacitySourceCount", i % 3), "IOConnectivityLineOfService",
                                Map.of("AccessProtocol", i % 2 == 0 ? "RBD" : "iSCSI"), "advanced", Map.of("sim", true)),
                        Map.of("DataStorageLineOfService.ProvisioningPolicy", "discovered"));
                out.add(p);
                ops.add(put(LAYOUT.pool(dock, p.id()), p));
            }
            pending.add(client.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit());
            if (pending.size() >= 64) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        return out;
    }

    private static Op put(String key, Object value) {
        return Op.put(EtcdClients.bytes(key), ByteSequence.from(Json.encode(value)), PutOption.DEFAULT);
    }

    private static void fx(Runnable r) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                r.run();
                f.complete(null);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        f.get(60, TimeUnit.SECONDS);
    }

    /** Returns when the list (read on the FX thread) holds {@code n} rows: woken by its change, not by polling. */
    private static void awaitRows(java.util.function.Supplier<javafx.collections.ObservableList<?>> rows, int n)
            throws Exception {
        java.util.concurrent.CountDownLatch full = new java.util.concurrent.CountDownLatch(1);
        fx(() -> {
            javafx.collections.ObservableList<?> list = rows.get();
            list.addListener((javafx.collections.ListChangeListener<Object>) c -> {
                if (list.size() >= n) {
                    full.countDown();
                }
            });
            if (list.size() >= n) {
                full.countDown();
            }
        });
        if (!full.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the pools table did not reach " + n + " rows within 10 minutes");
        }
    }

    private static <T> T fxGet(java.util.function.Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(s.get()));
        return f.get(60, TimeUnit.SECONDS);
    }
}
