package com.capreport.agent.discovery;

import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.model.Capacity;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import com.capreport.model.match.SyntheticWorkload;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The agent's per-pool, per-cycle hot path (issue #7 item 3, "diff"): assemble the pool from the
 * driver's listing and decide whether it changed enough to be written. Every pool of every loop
 * goes through it every interval, changed or not. Run with {@code scripts/bench-jmh PoolChangesBench}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PoolChangesBench {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    PoolAssembler assembler;
    DiscoveredPool listed;
    DiscoveredPool listedMoved;
    PoolSpec known;

    @Setup
    public void setUp() {
        AgentConfig.Backend backend = new AgentConfig.Backend("lvm-1", "lvm", Duration.ofSeconds(60),
                Duration.ofSeconds(20), Map.of(), Map.of(), null);
        assembler = new PoolAssembler("node-1", "az01", backend);
        Map<String, Object> caps = SyntheticWorkload.extras(new Random(3), false);
        listed = new DiscoveredPool("vg0", "vg0", "block", "LVM volume group", 1000 * Capacity.GIB, 400 * Capacity.GIB,
                PoolStatus.AVAILABLE, caps);
        listedMoved = new DiscoveredPool("vg0", "vg0", "block", "LVM volume group", 1000 * Capacity.GIB,
                401 * Capacity.GIB, PoolStatus.AVAILABLE, caps);
        known = assembler.assemble(listed, T0, T0);
    }

    /** The common case: nothing changed but the timestamps; the answer is "do not write". */
    @Benchmark
    public boolean unchangedPool() {
        PoolSpec fresh = assembler.assemble(listed, T0, T0.plusSeconds(60));
        return PoolChanges.differs(known, fresh, 0.01);
    }

    /** Free capacity moved by 0.1 % of the total, under a 1 % threshold: still "do not write". */
    @Benchmark
    public boolean capacityBelowThreshold() {
        PoolSpec fresh = assembler.assemble(listedMoved, T0, T0.plusSeconds(60));
        return PoolChanges.differs(known, fresh, 0.01);
    }

    /** Free capacity moved and no threshold: "write" is decided on capacity alone. */
    @Benchmark
    public boolean capacityChanged() {
        PoolSpec fresh = assembler.assemble(listedMoved, T0, T0.plusSeconds(60));
        return PoolChanges.differs(known, fresh, 0);
    }
}
