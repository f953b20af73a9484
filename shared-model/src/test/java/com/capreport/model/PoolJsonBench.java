package com.capreport.model;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot path of every watcher and reader: one pool's JSON (as an LVM thin pool is reported) to
 * a PoolSpec and back, one etcd key/value parsed under the layout, and a 10,000-pool estate
 * assembled from parsed entries. Run with {@code scripts/bench-jmh PoolJsonBench}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class PoolJsonBench {
    private static final KeyLayout LAYOUT = new KeyLayout(KeyLayout.DEFAULT_PREFIX);

    byte[] json;
    PoolSpec pool;
    String key;
    Map<String, Estate.Parsed> parsed;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        json = Fixtures.bytes("pool-lvm-thin.json");
        pool = Json.decode(json, PoolSpec.class, "bench");
        key = LAYOUT.pool(pool.dockId(), pool.id());
        parsed = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String dock = "node-" + (i / 10);
            String id = PoolIds.poolId(dock, pool.backend(), "pool-" + i);
            PoolSpec p = new PoolSpec(id, pool.createdAt(), pool.updatedAt(), "pool-" + i, pool.storageType(),
                    pool.description(), pool.status(), pool.availabilityZone(), pool.totalCapacity(), pool.freeCapacity(),
                    dock, pool.backend(), pool.driver(), "pool-" + i, pool.totalCapacityBytes(), pool.freeCapacityBytes(),
                    pool.extras(), pool.capabilitySources());
            String k = LAYOUT.pool(dock, id);
            parsed.put(k, Estate.parse(k, Json.encode(p), LAYOUT));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PoolSpec decodePool() throws Exception {
        return Json.decode(json, PoolSpec.class, "bench");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] encodePool() {
        return Json.encode(pool);
    }

    /** What a watcher does per event: key → typed entry (pool id and dock checked against the key). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Estate.Parsed parseKeyValue() {
        return Estate.parse(key, json, LAYOUT);
    }

    /** What a reader or the dashboard's feed does per hand-off: parsed entries → an Estate. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Estate assemble10000Pools() {
        return Estate.assemble(1, parsed);
    }
}
