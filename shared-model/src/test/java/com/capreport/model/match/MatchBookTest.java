package com.capreport.model.match;

import static com.capreport.model.match.Pools.estate;
import static com.capreport.model.match.Pools.extras;
import static com.capreport.model.match.Pools.pool;
import static com.capreport.model.match.Pools.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.Estate;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import com.capreport.model.ProfileSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatchBookTest {
    private static final ProfileSpec GOLD = profile("gold",
            "freeCapacity", ">= 500",
            "extras.IOConnectivityLineOfService.MaxIOPS", ">= 5000");
    private static final ProfileSpec THIN = profile("thin",
            "extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin");

    private static PoolSpec p(String dock, String name, long free, Integer iops, String provisioning) {
        return pool(dock, "lvm-1", name, free, extras(provisioning, true, 1, "iSCSI", iops, List.of(), "Rack"));
    }

    @Test
    void aPoolFallingBelowARequirementIsTheNamedCauseOfTheDropWithASuggestion() {
        PoolSpec a = p("node-1", "a", 900, 9000, "Thin");
        PoolSpec b = p("node-2", "b", 800, 2000, "Thin");
        MatchBook book = new MatchBook();
        book.sync(estate(List.of(a, b), GOLD, THIN));
        assertThat(book.matchCount("gold")).isEqualTo(1);

        PoolSpec slower = p("node-1", "a", 900, 3000, "Thin");
        List<ProfileChange> changes = book.sync(estate(List.of(slower, b), GOLD, THIN));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.profile().id()).isEqualTo("gold");
            assertThat(c.before()).isEqualTo(1);
            assertThat(c.after()).isZero();
            assertThat(c.fellBelowThreshold()).isTrue();
            assertThat(c.causes()).containsExactly(
                    "node-1/a no longer matches: IOConnectivityLineOfService.MaxIOPS reports 3000, needs >= 5000");
            assertThat(c.suggestion()).map(Suggestion::message).contains(
                    "IOConnectivityLineOfService.MaxIOPS >= 5000 → >= 2000 admits 2 pools: node-1/a, node-2/b");
        });
        assertThat(book.cell("gold", a.id())).isEqualTo(Cell.FAILS);
        assertThat(book.cell("thin", a.id())).isEqualTo(Cell.MATCH);
    }

    @Test
    void aDyingDockIsTheCauseAndItsPoolsTurnStale() {
        PoolSpec a = p("node-1", "a", 900, 9000, "Thin");
        MatchBook book = new MatchBook();
        book.sync(estate(List.of(a), GOLD));

        List<ProfileChange> changes = book.sync(estate(List.of(a), Set.of("node-1"), List.of(GOLD)));

        assertThat(changes).singleElement().satisfies(c -> assertThat(c.causes()).singleElement()
                .asString().startsWith("node-1/a no longer matches: dock node-1 is dead"));
        assertThat(book.cell("gold", a.id())).isEqualTo(Cell.STALE);
    }

    @Test
    void aVanishedPoolAndARecoveryAreReported() {
        PoolSpec a = p("node-1", "a", 900, 9000, "Thin");
        MatchBook book = new MatchBook();
        book.sync(estate(List.of(a), GOLD));

        ProfileChange gone = book.sync(estate(List.of(), GOLD)).get(0);
        ProfileChange back = book.sync(estate(List.of(a), GOLD)).get(0);

        assertThat(gone.causes()).containsExactly("node-1/a is gone (no longer reported)");
        assertThat(back.recovered()).isTrue();
        assertThat(back.causes()).containsExactly("node-1/a now matches");
    }

    @Test
    void anUnchangedEstateReportsNoChangeAndANewProfileIsMarkedAdded() {
        PoolSpec a = p("node-1", "a", 900, 9000, "Thin");
        MatchBook book = new MatchBook();
        List<ProfileChange> first = book.sync(estate(List.of(a), GOLD));

        assertThat(first).singleElement().satisfies(c -> assertThat(c.before()).isEqualTo(-1));
        assertThat(book.sync(estate(List.of(a), GOLD))).isEmpty();
    }

    @Test
    void editingAProfileReEvaluatesItAndSaysSo() {
        PoolSpec a = p("node-1", "a", 900, 9000, "Thin");
        MatchBook book = new MatchBook();
        book.sync(estate(List.of(a), GOLD));

        ProfileSpec stricter = GOLD.withRequirements(java.util.Map.of("freeCapacity", ">= 1000"));
        List<ProfileChange> changes = book.sync(estate(List.of(a), stricter));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.causes()).containsExactly("the profile was edited");
            assertThat(c.after()).isZero();
        });
    }

    /**
     * The incremental book must always agree with a from-scratch evaluation, whatever sequence of
     * pool changes, standings, removals and profile edits it went through.
     */
    @Test
    void incrementalResultsAlwaysEqualAFreshEvaluation() {
        Random random = new Random(20261125);
        List<ProfileSpec> profiles = new ArrayList<>(List.of(GOLD, THIN,
                profile("fast", "extras.IOConnectivityLineOfService.MaxIOPS", ">= 7000", "freeCapacity", "<= 800"),
                profile("broken", "freeCapacity", ">= lots")));
        List<PoolSpec> pools = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            pools.add(randomPool(random, i));
        }
        MatchBook book = new MatchBook();
        for (int round = 0; round < 200; round++) {
            int what = random.nextInt(10);
            if (what < 5 && !pools.isEmpty()) {
                int i = random.nextInt(pools.size());
                pools.set(i, randomPool(random, Integer.parseInt(pools.get(i).name().substring(1))));
            } else if (what < 6 && !pools.isEmpty()) {
                pools.remove(random.nextInt(pools.size()));
            } else if (what < 7) {
                pools.add(randomPool(random, 100 + round));
            } else if (what < 8) {
                profiles.set(0, profile("gold", "freeCapacity", ">= " + random.nextInt(1500),
                        "extras.IOConnectivityLineOfService.MaxIOPS", ">= 5000"));
            }
            Set<String> dead = new HashSet<>();
            for (int d = 0; d < 6; d++) {
                if (random.nextInt(8) == 0) {
                    dead.add("node-" + d);
                }
            }
            Estate e = estate(pools, dead, profiles);

            book.sync(e);

            for (ProfileSpec profile : profiles) {
                ProfileReport fresh = Matcher.evaluate(profile, e);
                ProfileReport live = book.report(profile.id());
                // Both come from a book: check the fresh one against matching each pool on its own.
                CompiledProfile compiled = CompiledProfile.compile(profile);
                List<String> oneByOne = e.pools().stream()
                        .filter(p -> compiled.valid() && Standing.of(e, p).usable() && compiled.failMask(p) == 0)
                        .sorted(MatchBook.BY_FREE).map(PoolSpec::id).toList();
                assertThat(fresh.matchIds()).as("round %d %s", round, profile.id()).isEqualTo(oneByOne);
                assertThat(live.matchIds()).as("round %d %s", round, profile.id()).isEqualTo(fresh.matchIds());
                assertThat(book.matchCount(profile.id())).isEqualTo(fresh.matches().size());
                assertThat(live.blocker()).isEqualTo(fresh.blocker());
                assertThat(live.suggestions()).isEqualTo(fresh.suggestions());
                assertThat(live.nonMatches()).containsExactlyInAnyOrderElementsOf(fresh.nonMatches());
                for (NonMatch n : fresh.nonMatches()) {
                    assertThat(book.cell(profile.id(), n.pool().id())).isEqualTo(n.cell());
                }
            }
        }
    }

    @Test
    void poolsWithEqualFreeCapacityRankByDockThenName() {
        List<PoolSpec> list = new ArrayList<>();
        for (String dock : List.of("node-2", "node-10", "node-1")) {
            for (String name : List.of("b", "a", "c")) {
                list.add(p(dock, name, 500, 9000, "Thin"));
            }
        }
        list.add(p("node-9", "z", 900, 9000, "Thin"));

        List<String> ranked = Matcher.evaluate(THIN, estate(list, THIN)).matches().stream().map(MatchBook::name).toList();

        assertThat(ranked).containsExactly("node-9/z", "node-1/a", "node-1/b", "node-1/c", "node-10/a", "node-10/b",
                "node-10/c", "node-2/a", "node-2/b", "node-2/c");
    }

    @Test
    void puttingOrRemovingOnePoolDirectlyGivesWhatASyncGives() {
        PoolSpec a = p("node-1", "a", 900, 9000, "Thin");
        PoolSpec b = p("node-2", "b", 800, 9000, "Thin");
        MatchBook direct = new MatchBook();
        direct.sync(estate(List.of(a, b), GOLD, THIN));

        PoolSpec slower = p("node-1", "a", 900, 3000, "Thin");
        List<ProfileChange> put = direct.putPool(slower, Standing.USABLE);
        List<ProfileChange> removed = direct.removePool(b.id());

        assertThat(put).singleElement().satisfies(c -> assertThat(c.causes()).containsExactly(
                "node-1/a no longer matches: IOConnectivityLineOfService.MaxIOPS reports 3000, needs >= 5000"));
        assertThat(removed).extracting(c -> c.profile().id()).containsExactly("gold", "thin");
        Estate same = estate(List.of(slower), GOLD, THIN);
        for (ProfileSpec profile : List.of(GOLD, THIN)) {
            assertThat(direct.report(profile.id()).matchIds()).isEqualTo(Matcher.evaluate(profile, same).matchIds());
        }
        assertThat(direct.removePool("no-such-pool")).isEmpty();
        assertThat(direct.sync(same)).isEmpty();
    }

    @Test
    void aReportHandedOutStaysAsItWasWhileTheBookMovesOn() {
        PoolSpec a = p("node-1", "a", 900, 3000, "Thin");
        PoolSpec b = p("node-2", "b", 800, 9000, "Thin");
        MatchBook book = new MatchBook();
        book.sync(estate(List.of(a, b), GOLD));
        ProfileReport before = book.report("gold");

        book.sync(estate(List.of(p("node-1", "a", 900, 9000, "Thin"), p("node-3", "c", 100, 1000, "Fixed")), GOLD));
        book.putPool(p("node-1", "a", 900, 1, "Thin"), Standing.USABLE);

        assertThat(before.matchIds()).containsExactly(b.id());
        assertThat(before.nonMatches()).singleElement().satisfies(n -> {
            assertThat(n.pool()).isEqualTo(a);
            assertThat(n.reasons()).extracting(Reason::message)
                    .containsExactly("IOConnectivityLineOfService.MaxIOPS reports 3000, needs >= 5000");
        });
        assertThat(book.report("gold").nonMatches()).extracting(n -> n.pool().name()).containsExactly("a", "c");
    }

    private static PoolSpec randomPool(Random random, int i) {
        String[] policies = {"Thin", "Fixed", "ThinProvisioned"};
        PoolStatus[] statuses = {PoolStatus.AVAILABLE, PoolStatus.AVAILABLE, PoolStatus.AVAILABLE,
            PoolStatus.DEGRADED, PoolStatus.ERROR, PoolStatus.UNAVAILABLE};
        Integer iops = random.nextInt(5) == 0 ? null : 1000 * random.nextInt(10);
        return pool("node-" + (i % 6), "lvm-1", "p" + i, random.nextInt(2000), statuses[random.nextInt(statuses.length)],
                extras(policies[random.nextInt(3)], random.nextBoolean(), random.nextInt(3), "iSCSI", iops, List.of(),
                        "Rack"));
    }
}
