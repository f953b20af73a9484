package com.capreport.agent.bench;

import com.capreport.model.DockSpec;
import com.capreport.model.PoolSpec;
import com.capreport.model.Snapshot;
import com.capreport.model.match.SyntheticWorkload;
import com.capreport.model.snapshot.DiffText;
import com.capreport.model.snapshot.SnapshotDiff;
import com.capreport.model.snapshot.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A pair of large snapshot files for the diff figures (docs/performance.md, {@code scripts/bench-diff}):
 * {@code N} synthetic pools (SyntheticWorkload, ~1 KB each pretty-printed), the newer file with 1 % of
 * the pools changed in free capacity, 0.5 % removed and 0.5 % added. {@code inmemory A B} diffs the
 * way {@code capreport diff} did before issue 13 (both files read whole), for the "before" figure.
 */
public final class BigSnapshots {
    private BigSnapshots() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("inmemory")) {
            Snapshot a = Snapshots.read(Files.readAllBytes(Path.of(args[1])), args[1]);
            Snapshot b = Snapshots.read(Files.readAllBytes(Path.of(args[2])), args[2]);
            DiffText.lines(SnapshotDiff.between(a, b)).stream().limit(1).forEach(System.out::println);
            return;
        }
        write(Integer.parseInt(args[0]), Path.of(args[1]), Path.of(args[2]));
    }

    /** Writes the pair; returns nothing but the files. */
    public static void write(int pools, Path older, Path newer) throws IOException {
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        List<PoolSpec> a = SyntheticWorkload.pools(pools, 42, at);
        List<PoolSpec> b = new ArrayList<>(a.size());
        Random random = new Random(7);
        for (PoolSpec p : a) {
            int dice = random.nextInt(1000);
            if (dice < 5) {
                continue; // removed
            }
            b.add(dice < 15 ? new PoolSpec(p.id(), p.createdAt(), at.plusSeconds(60), p.name(), p.storageType(),
                    p.description(), p.status(), p.availabilityZone(), p.totalCapacity(), p.freeCapacity() / 2,
                    p.dockId(), p.backend(), p.driver(), p.nativeId(), p.totalCapacityBytes(), p.freeCapacityBytes() / 2,
                    p.extras(), p.capabilitySources()) : p);
        }
        Random extra = new Random(9);
        for (int i = 0; i < pools / 200; i++) {
            b.add(SyntheticWorkload.pool(extra, pools + i, at));
        }
        Files.write(older, Snapshots.encode(snapshot(a, at, 1000)));
        Files.write(newer, Snapshots.encode(snapshot(b, at.plusSeconds(60), 2000)));
    }

    private static Snapshot snapshot(List<PoolSpec> pools, Instant at, long revision) {
        List<Snapshot.DockEntry> docks = pools.stream().map(PoolSpec::dockId).distinct()
                .map(d -> new Snapshot.DockEntry(new DockSpec(d, d, null, null, null, List.of(), null, null, null, null,
                        null), true, null)).toList();
        return new Snapshot(Snapshot.SCHEMA_VERSION, at, new Snapshot.Source(List.of("http://127.0.0.1:2379"),
                "/capreport/v1", revision), docks, List.of(), pools, List.of(), List.of(), List.of());
    }
}
