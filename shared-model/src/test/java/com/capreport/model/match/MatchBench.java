package com.capreport.model.match;

import com.capreport.model.Estate;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue #5's figures: full evaluation of 100 profiles against 10,000 and 100,000 pools, and the
 * re-evaluation after one pool changes. Run with {@code scripts/bench-match}; never a test.
 *
 * <p>Pools look like the drivers' output (LVM thin pools and Ceph RBD pools, ten per dock, one
 * dock in fifty dead); profiles mix every operator, capacity thresholds and a few paths nobody
 * reports, so the non-matches, blockers and suggestions are all exercised.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class MatchBench {
    static final int PROFILES = 100;

    @Param({"10000", "100000"})
    public int pools;

    Estate estate;
    List<ProfileSpec> profiles;
    MatchBook book;
    Estate[] oneChanged;
    int flip;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(5);
        List<PoolSpec> list = new ArrayList<>(pools);
        for (int i = 0; i < pools; i++) {
            list.add(randomPool(random, i));
        }
        profiles = randomProfiles(new Random(7));
        Set<String> dead = new java.util.HashSet<>();
        for (int d = 0; d < pools / 10; d += 50) {
            dead.add("node-" + d);
        }
        estate = Pools.estate(list, dead, profiles);
        book = new MatchBook();
        book.sync(estate);
        // Two estates that differ from the book's in one pool (its IOPS), used alternately.
        oneChanged = new Estate[2];
        for (int k = 0; k < 2; k++) {
            List<PoolSpec> changed = new ArrayList<>(list);
            PoolSpec p = changed.get(pools / 2);
            changed.set(pools / 2, new PoolSpec(p.id(), p.createdAt(), p.updatedAt(), p.name(), p.storageType(),
                    p.description(), p.status(), p.availabilityZone(), p.totalCapacity(), p.freeCapacity(), p.dockId(),
                    p.backend(), p.driver(), p.nativeId(), p.totalCapacityBytes(), p.freeCapacityBytes(),
                    SyntheticWorkload.extras("Thin", true, 2, "RBD", k == 0 ? 1000 : 90000, List.of("Snapshot", "Clone"), "Rack"),
                    p.capabilitySources()));
            oneChanged[k] = Pools.estate(changed, dead, profiles);
        }
    }

    /** Everything from nothing: evaluate, rank the matches, find blockers and suggestions. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void fullEvaluation(Blackhole bh) {
        for (ProfileReport r : Matcher.evaluate(profiles, estate)) {
            bh.consume(r.matches().size());
            bh.consume(r.suggestions());
        }
    }

    /**
     * The same, reading every profile's suggestions: reports work them out when first read, so
     * {@code fullEvaluation} (which only hands them on) does not pay for them.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void fullEvaluationReadingSuggestions(Blackhole bh) {
        for (ProfileReport r : Matcher.evaluate(profiles, estate)) {
            bh.consume(r.matches().size());
            bh.consume(r.suggestions().size());
        }
    }

    /** The same, plus every non-match's reasons written out (what {@code match --json} prints). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void fullEvaluationWithAllReasons(Blackhole bh) {
        if (pools > 10_000) {
            return; // 10 million reason lists: measured at 10,000 pools only
        }
        for (ProfileReport r : Matcher.evaluate(profiles, estate)) {
            for (NonMatch n : r.nonMatches()) {
                bh.consume(n.reasons());
            }
        }
    }

    /** One pool changed: the live book's sync (scans the estate for what changed, re-evaluates one pool). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void syncAfterOnePoolChanged(Blackhole bh) {
        bh.consume(book.sync(oneChanged[flip++ & 1]));
    }

    /** One pool changed and the caller knows which (a watcher event): the incremental core alone. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void putOnePool(Blackhole bh) {
        Estate e = oneChanged[flip++ & 1];
        PoolSpec changed = e.pools().get(pools / 2);
        bh.consume(book.putPool(changed, Standing.of(e, changed)));
    }

    /** One pool changed, then the 100 live match counts a dashboard shows. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void syncAfterOnePoolChangedAndReadCounts(Blackhole bh) {
        bh.consume(book.sync(oneChanged[flip++ & 1]));
        for (ProfileSpec p : profiles) {
            bh.consume(book.matchCount(p.id()));
        }
    }

    /** Every profile's full report from the live book (what a dashboard re-reads after a sync). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void reportAllProfiles(Blackhole bh) {
        for (ProfileSpec p : profiles) {
            ProfileReport r = book.report(p.id());
            bh.consume(r.matches().size());
            bh.consume(r.suggestions());
        }
    }

    /** The same, reading every report's suggestions (worked out when first read). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void reportAllProfilesReadingSuggestions(Blackhole bh) {
        for (ProfileSpec p : profiles) {
            ProfileReport r = book.report(p.id());
            bh.consume(r.matches().size());
            bh.consume(r.suggestions().size());
        }
    }

    static PoolSpec randomPool(Random random, int i) {
        return SyntheticWorkload.pool(random, i, Pools.T0);
    }

    static List<ProfileSpec> randomProfiles(Random random) {
        return SyntheticWorkload.profiles(random, PROFILES);
    }
}
