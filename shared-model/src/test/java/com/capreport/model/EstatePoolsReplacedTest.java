package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.match.SyntheticWorkload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The watcher's shortcut: replacing known pools in place must give what a full regrouping gives. */
class EstatePoolsReplacedTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final KeyLayout LAYOUT = new KeyLayout(KeyLayout.DEFAULT_PREFIX);

    private static Map<String, Estate.Parsed> entries(List<PoolSpec> pools) {
        Map<String, Estate.Parsed> out = new TreeMap<>();
        for (PoolSpec p : pools) {
            out.put(LAYOUT.pool(p.dockId(), p.id()), new Estate.PoolEntry(p));
        }
        return out;
    }

    private static PoolSpec moved(PoolSpec p, long freeBytes, Instant at) {
        return new PoolSpec(p.id(), p.createdAt(), at, p.name(), p.storageType(), p.description(), p.status(),
                p.availabilityZone(), p.totalCapacity(), Capacity.toGiB(freeBytes), p.dockId(), p.backend(), p.driver(),
                p.nativeId(), p.totalCapacityBytes(), freeBytes, p.extras(), p.capabilitySources());
    }

    @Test
    void randomValueChangesGiveTheSameEstateAsAFullRegrouping() {
        List<PoolSpec> pools = new ArrayList<>(SyntheticWorkload.pools(500, 5, T0));
        Estate live = Estate.assemble(1, entries(pools));
        Random random = new Random(9);
        for (int round = 0; round < 50; round++) {
            List<PoolSpec> changed = new ArrayList<>();
            for (int k = 0; k < 1 + random.nextInt(20); k++) {
                int i = random.nextInt(pools.size());
                PoolSpec p = moved(pools.get(i), random.nextInt(1000) * Capacity.GIB, T0.plusSeconds(round + 1));
                pools.set(i, p);
                changed.add(p);
            }
            live = live.withPoolsReplaced(round + 2, changed).orElseThrow();
            Estate fresh = Estate.assemble(round + 2, entries(pools));
            assertThat(live.revision()).isEqualTo(fresh.revision());
            assertThat(live.pools()).isEqualTo(fresh.pools());
            assertThat(live.docks()).isEqualTo(fresh.docks());
            for (Estate.DockView d : fresh.docks()) {
                assertThat(live.lastReportedAt(d.dockId())).isEqualTo(fresh.lastReportedAt(d.dockId()));
            }
        }
    }

    @Test
    void anythingButAKnownPoolsNewValuesAsksForAFullRegrouping() {
        List<PoolSpec> pools = SyntheticWorkload.pools(30, 5, T0);
        Estate e = Estate.assemble(1, entries(pools));
        PoolSpec p = pools.get(3);
        PoolSpec unknown = SyntheticWorkload.pools(31, 5, T0).get(30);
        PoolSpec renamed = new PoolSpec(p.id(), p.createdAt(), T0.plusSeconds(5), "other", p.storageType(),
                p.description(), p.status(), p.availabilityZone(), p.totalCapacity(), p.freeCapacity(), p.dockId(),
                p.backend(), p.driver(), p.nativeId(), p.totalCapacityBytes(), p.freeCapacityBytes(), p.extras(),
                p.capabilitySources());

        assertThat(e.withPoolsReplaced(2, List.of(unknown))).as("a new pool").isEmpty();
        assertThat(e.withPoolsReplaced(2, List.of(renamed))).as("a new name moves it in the order").isEmpty();
        assertThat(e.withPoolsReplaced(2, List.of(moved(p, 0, T0.minusSeconds(1))))).as("older").isEmpty();
        assertThat(e.withPoolsReplaced(2, List.of()).orElseThrow().revision()).as("revision only").isEqualTo(2);
    }
}
