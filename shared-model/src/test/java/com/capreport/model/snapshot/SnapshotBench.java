package com.capreport.model.snapshot;

import com.capreport.model.Estate;
import com.capreport.model.PoolSpec;
import com.capreport.model.Snapshot;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #6's figures: building and encoding a snapshot of 10,000 pools (JSON and CSV; sizes are
 * printed at setup), reading one back, and diffing two. {@code scripts/bench-snapshot}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotBench {
    @Param({"10000"})
    public int pools;

    Estate estate;
    Snapshot older;
    Snapshot newer;
    byte[] json;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Random random = new Random(3);
        List<PoolSpec> a = new ArrayList<>();
        List<PoolSpec> b = new ArrayList<>();
        for (int i = 0; i < pools; i++) {
            String dock = "node-" + (i / 10);
            String policy = random.nextBoolean() ? "Thin" : "Fixed";
            long free = 50 + random.nextInt(8000);
            a.add(SnapshotsTest.pool(dock, "vg" + i, free, policy, null));
            // One pool in ten changed capacity, one in a hundred its provisioning, one in a hundred gone.
            if (i % 100 == 7) {
                continue;
            }
            b.add(SnapshotsTest.pool(dock, "vg" + i, i % 10 == 3 ? free / 2 : free,
                    i % 100 == 5 ? (policy.equals("Thin") ? "Fixed" : "Thin") : policy, null));
        }
        estate = SnapshotsTest.estate(a, Set.of(), List.of(SnapshotsTest.GOLD));
        older = SnapshotsTest.snapshot(estate);
        newer = SnapshotsTest.snapshot(SnapshotsTest.estate(b, Set.of("node-3"), List.of(SnapshotsTest.GOLD)));
        json = Snapshots.encode(older);
        StringWriter csv = new StringWriter();
        SnapshotCsv.write(older, csv);
        System.out.printf("%n%d pools: JSON %,d bytes, CSV %,d bytes; diff: %d changed, %d removed%n", pools,
                json.length, csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                SnapshotDiff.between(older, newer).poolsChanged().size(),
                SnapshotDiff.between(older, newer).poolsRemoved().size());
    }

    /** Estate → snapshot (with 1 profile's matches) → pretty JSON bytes. */
    @Benchmark
    public byte[] exportJson() {
        return Snapshots.encode(SnapshotsTest.snapshot(estate));
    }

    /** Estate → snapshot → CSV text (discarded as it is written). */
    @Benchmark
    public void exportCsv() {
        SnapshotCsv.write(SnapshotsTest.snapshot(estate), Writer.nullWriter());
    }

    @Benchmark
    public Snapshot read() throws Exception {
        return Snapshots.read(json, "bench.json");
    }

    @Benchmark
    public SnapshotDiff diff() {
        return SnapshotDiff.between(older, newer);
    }
}
