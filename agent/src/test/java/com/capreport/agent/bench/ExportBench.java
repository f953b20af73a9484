package com.capreport.agent.bench;

import com.capreport.agent.cli.Main;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.ManagedEtcd;
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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Issue #6's end-to-end figures: {@code capreport export} (JSON and CSV) of N pools from a real
 * etcd — read at one revision, match the profiles, encode, write atomically — with the file size,
 * and {@code capreport diff} of two such exports. Run with {@code scripts/bench-export [POOLS]}.
 */
public final class ExportBench {
    private static final KeyLayout LAYOUT = new KeyLayout(KeyLayout.DEFAULT_PREFIX);
    private static final int RUNS = 5;

    private ExportBench() {
    }

    public static void main(String[] args) throws Exception {
        int pools = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("capreport-export-bench");
        try (ManagedEtcd etcd = ManagedEtcd.start();
             Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            preload(client, pools, 0);
            String[] etcdArgs = {"--etcd", etcd.endpoint(), "--timeout", "60s"};
            Path json = dir.resolve("before.json");
            Path csv = dir.resolve("pools.csv");
            double[] jsonMs = time(() -> cli(concat(new String[] {"export", "--format", "json", "-o", json.toString()}, etcdArgs)));
            double[] csvMs = time(() -> cli(concat(new String[] {"export", "--format", "csv", "-o", csv.toString()}, etcdArgs)));
            preload(client, pools, 1); // one pool in ten changes capacity, one in a hundred its provisioning
            Path after = dir.resolve("after.json");
            cli(concat(new String[] {"export", "-o", after.toString()}, etcdArgs));
            double[] diffMs = time(() -> cli(new String[] {"diff", json.toString(), after.toString()}));
            System.out.printf("%n%,d pools on %,d docks, 1 profile, etcd %s%n", pools, Math.max(1, pools / 10), etcd.endpoint());
            System.out.printf("%-34s %10s %10s %10s%n", "", "median", "min", "max");
            row("export --format json (ms)", jsonMs);
            row("export --format csv (ms)", csvMs);
            row("diff of two exports (ms)", diffMs);
            System.out.printf("JSON file %,d bytes (%.1f MiB), CSV file %,d bytes (%.1f MiB)%n", Files.size(json),
                    Files.size(json) / 1048576.0, Files.size(csv), Files.size(csv) / 1048576.0);
            System.out.println("(each figure: " + RUNS + " runs after one warm-up, in one JVM: the CLI's own code path)");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    private static double[] time(Run r) throws Exception {
        r.run();
        double[] out = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            r.run();
            out[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(out);
        return out;
    }

    private static void row(String what, double[] ms) {
        System.out.printf("%-34s %10.0f %10.0f %10.0f%n", what, ms[ms.length / 2], ms[0], ms[ms.length - 1]);
    }

    private static void cli(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        if (code != 0 && !(args[0].equals("diff") && code == 1)) {
            throw new IllegalStateException("capreport " + String.join(" ", args) + " exited " + code + ": " + err);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Docks of 10 pools each, alive and running; {@code round} 1 changes some pools. */
    private static void preload(Client client, int count, int round) throws Exception {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        Instant now = Instant.now();
        int docks = Math.max(1, count / 10);
        int written = 0;
        for (int d = 0; d < docks; d++) {
            String dock = "node-" + d;
            List<Op> ops = new ArrayList<>();
            if (round == 0) {
                ops.add(put(LAYOUT.dockSpec(dock), new DockSpec(dock, dock, "host-" + d, "", "az" + (d % 3),
                        List.of(new BackendRef("lab", "sim")), "bench", now, null, now, now)));
                ops.add(put(LAYOUT.alive(dock), new DockAlive("host-" + d, 1000 + d, now, "bench", "", "bench")));
                ops.add(put(LAYOUT.loop(dock, "lab"), new LoopStatus(dock, "lab", "sim", LoopState.RUNNING, now, 1, now,
                        null, 0, Duration.ofSeconds(60), 10, now)));
            }
            for (int i = 0; i < 10 && written < count; i++, written++) {
                boolean shrink = round == 1 && i == 3;
                boolean flip = round == 1 && i == 5 && d % 10 == 0;
                String name = "pool-" + d + "-" + i;
                long total = Capacity.fromGiB(1000 + i);
                long free = Capacity.fromGiB(shrink ? 250 : 500);
                PoolSpec p = new PoolSpec(PoolIds.poolId(dock, "lab", name), now, now, name, "block", "",
                        PoolStatus.AVAILABLE, "az" + (d % 3), Capacity.toGiB(total), Capacity.toGiB(free), dock, "lab",
                        "sim", name, total, free,
                        Map.of("DataStorageLineOfService", Map.of("ProvisioningPolicy",
                                List.of((i % 2 == 0) != flip ? "Thin" : "Fixed"), "RecoverableCapacitySourceCount", i % 3),
                                "IOConnectivityLineOfService", Map.of("AccessProtocol", i % 2 == 0 ? "RBD" : "iSCSI",
                                        "MaxIOPS", 1000 * (1 + i)),
                                "advanced", Map.of("sim", true)),
                        Map.of("DataStorageLineOfService.ProvisioningPolicy", "discovered"));
                if (round == 0 || shrink || flip) {
                    ops.add(put(LAYOUT.pool(dock, p.id()), p));
                }
            }
            if (round == 0 && d == 0) {
                ops.add(Op.put(EtcdClients.bytes(LAYOUT.profile("gold")), ByteSequence.from(
                        "{\"id\":\"gold\",\"requirements\":{\"freeCapacity\":\">= 400\",\"extras.IOConnectivityLineOfService.MaxIOPS\":\">= 5000\"}}",
                        java.nio.charset.StandardCharsets.UTF_8), PutOption.DEFAULT));
            }
            if (!ops.isEmpty()) {
                pending.add(client.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit());
            }
            if (pending.size() >= 64) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
    }

    private static Op put(String key, Object value) {
        return Op.put(EtcdClients.bytes(key), ByteSequence.from(Json.encode(value)), PutOption.DEFAULT);
    }
}
