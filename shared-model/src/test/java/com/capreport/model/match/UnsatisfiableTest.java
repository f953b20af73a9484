package com.capreport.model.match;

import static com.capreport.model.match.Pools.estate;
import static com.capreport.model.match.Pools.extras;
import static com.capreport.model.match.Pools.pool;
import static com.capreport.model.match.Pools.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import com.capreport.model.ProfileSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A profile no pool serves names every requirement that excludes all pools, and the closest pools. */
class UnsatisfiableTest {
    static final String IOPS = "extras.IOConnectivityLineOfService.MaxIOPS";
    static final String REC = "extras.DataStorageLineOfService.RecoverableCapacitySourceCount";
    static final String GEO = "extras.DataProtectionLineOfService.RecoveryGeographicObjective";
    static final String POLICY = "extras.DataStorageLineOfService.ProvisioningPolicy";

    static PoolSpec p(String dock, String name, long freeGiB, String policy, Integer iops) {
        return pool(dock, "lvm-1", name, freeGiB, extras(policy, true, 1, "iSCSI", iops, List.of(), "Rack"));
    }

    // vg-fast fails one requirement, vg-gold and vg-safe two (gold has more free), vg-thick three;
    // vg-broken would be the closest but is in error, so it cannot serve anything.
    static final PoolSpec FAST = p("node-2", "vg-fast", 300, "Thin", 9000);
    static final PoolSpec GOLD = p("node-1", "vg-gold", 900, "Thin", null);
    static final PoolSpec SAFE = p("node-3", "vg-safe", 500, "Thin", 3000);
    static final PoolSpec THICK = p("node-5", "vg-thick", 2000, "Fixed", 100);
    static final PoolSpec BROKEN = pool("node-6", "lvm-1", "vg-broken", 5000, PoolStatus.ERROR,
            extras("Thin", true, 3, "iSCSI", 9000, List.of(), "Rack"));
    static final List<PoolSpec> POOLS = List.of(FAST, GOLD, SAFE, THICK, BROKEN);

    static final ProfileSpec TOUGH = profile("tough", IOPS, ">= 5000", REC, ">= 2", POLICY, "<in> Thin");
    static final ProfileSpec IMPOSSIBLE = profile("impossible", IOPS, ">= 5000", REC, ">= 2", GEO, "s== Region");

    @Test
    void theClosestPoolsAreThoseWithTheFewestFailingRequirementsEachWithWhatItLacks() {
        ProfileReport r = Matcher.evaluate(TOUGH, estate(POOLS));

        assertThat(r.satisfiable()).isFalse();
        assertThat(r.closest()).extracting(NearMiss::message).containsExactly(
                "node-2/vg-fast lacks: RecoverableCapacitySourceCount 1 needs >= 2",
                "node-1/vg-gold lacks: MaxIOPS (does not report), RecoverableCapacitySourceCount 1 needs >= 2",
                "node-3/vg-safe lacks: MaxIOPS 3000 needs >= 5000, RecoverableCapacitySourceCount 1 needs >= 2");
        // Only the recoverable count excludes every usable pool; MaxIOPS lets vg-fast through.
        assertThat(r.excludingAll()).extracting(Blocker::requirement)
                .containsExactly("DataStorageLineOfService.RecoverableCapacitySourceCount >= 2");
        assertThat(r.excludingAll()).extracting(Blocker::pools).containsExactly(4);
    }

    @Test
    void everyRequirementThatAloneExcludesAllPoolsIsNamedNotOnlyTheBlocker() {
        ProfileReport r = Matcher.evaluate(IMPOSSIBLE, estate(POOLS));

        assertThat(r.blocker()).isPresent();
        assertThat(r.excludingAll()).extracting(Blocker::path).containsExactly(REC, GEO);
        assertThat(r.closest()).hasSize(3).allSatisfy(m -> assertThat(m.lacks()).anySatisfy(l ->
                assertThat(l).isEqualTo("RecoveryGeographicObjective \"Rack\" needs s== Region")));
    }

    @Test
    void theBookExplainsTheSameAfterAnIncrementalChange() {
        MatchBook book = new MatchBook();
        book.sync(estate(POOLS, TOUGH));
        PoolSpec fastWithoutIops = p("node-2", "vg-fast", 300, "Thin", null);

        book.sync(estate(List.of(fastWithoutIops, GOLD, SAFE, THICK, BROKEN), TOUGH));
        ProfileReport r = book.report("tough");

        assertThat(r.excludingAll()).extracting(Blocker::path).containsExactly(IOPS, REC);
        assertThat(r.closest()).extracting(m -> m.pool().name()).containsExactly("vg-gold", "vg-safe", "vg-fast");
    }

    @Test
    void aProfileSomePoolServesAndAnInvalidOneHaveNoSuchExplanation() {
        ProfileSpec easy = profile("easy", POLICY, "<in> Thin");
        ProfileSpec broken = profile("broken", IOPS, ">= fast");

        ProfileReport served = Matcher.evaluate(easy, estate(POOLS));
        ProfileReport invalid = Matcher.evaluate(broken, estate(POOLS));

        assertThat(served.excludingAll()).isEmpty();
        assertThat(served.closest()).isEmpty();
        assertThat(invalid.excludingAll()).isEmpty();
        assertThat(invalid.closest()).isEmpty();
        assertThat(invalid.errors()).isNotEmpty();
    }

    @Test
    void withNoUsablePoolNothingIsClosestAndNoRequirementIsBlamed() {
        ProfileReport r = Matcher.evaluate(TOUGH, estate(List.of(BROKEN)));

        assertThat(r.satisfiable()).isFalse();
        assertThat(r.excludingAll()).isEmpty();
        assertThat(r.closest()).isEmpty();
    }
}
