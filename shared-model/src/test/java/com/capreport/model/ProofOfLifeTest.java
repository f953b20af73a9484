package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readers judge a dock's proof of life at their own clock: two periods plus the slack, never earlier. */
class ProofOfLifeTest {
    private static final KeyLayout LAYOUT = new KeyLayout(KeyLayout.DEFAULT_PREFIX);
    private static final Instant T0 = Instant.parse("2026-12-07T17:00:00Z");
    private static final Duration PERIOD = Duration.ofMinutes(5);
    private final Map<String, byte[]> entries = new HashMap<>();

    private void alive(String dock, Duration period) {
        entries.put(LAYOUT.alive(dock), Json.encode(new DockAlive("h-" + dock, 1, T0, "0.2", "", "m",
                Duration.ofSeconds(10), period)));
    }

    private void proof(String dock, Instant at) {
        entries.put(LAYOUT.proof(dock), Json.encode(new DockProof(at, PERIOD)));
    }

    private Estate.DockView judged(String dock, Instant now) {
        return Estate.fromEntries(1, entries, LAYOUT).withProofsJudged(now).dock(dock).orElseThrow();
    }

    @Test
    void aFreshProofVerifiesUntilTwoPeriodsAndTheSlackHavePassed() {
        alive("d", PERIOD);
        proof("d", T0);
        Instant edge = T0.plus(PERIOD.multipliedBy(2)).plus(Estate.ProofOfLife.SLACK);
        assertThat(judged("d", T0.plusSeconds(1)).proofOfLife()).isEqualTo(Estate.ProofOfLife.VERIFIED);
        assertThat(judged("d", edge).proofOfLife()).isEqualTo(Estate.ProofOfLife.VERIFIED);
        Estate.DockView late = judged("d", edge.plusMillis(1));
        assertThat(late.proofOfLife()).isEqualTo(Estate.ProofOfLife.STALE);
        assertThat(late.unverified()).isTrue();
        assertThat(late.liveness()).isEqualTo(Estate.Liveness.ALIVE);
        assertThat(ProofTexts.unverifiedLine(late)).isEqualTo("alive (unverified: no proof of life written since "
                + Instants.utc(T0) + " (period 5m, judged after two) — its lease may be kept alive by someone else)");
    }

    @Test
    void aHolderThatStatesAPeriodButWroteNoProofIsUnverifiedAndItsPoolsAreNotCurrent() {
        alive("d", PERIOD);
        PoolSpec pool = new PoolSpec(PoolIds.poolId("d", "sim", "p1"), T0, T0, "p1", "block", "", PoolStatus.AVAILABLE,
                "az", 1, 1, "d", "sim", "sim", "p1", 1L << 30, 1L << 30, Map.of(), Map.of());
        entries.put(LAYOUT.pool("d", pool.id()), Json.encode(pool));
        Estate e = Estate.fromEntries(1, entries, LAYOUT).withProofsJudged(T0);
        assertThat(e.dock("d").orElseThrow().proofOfLife()).isEqualTo(Estate.ProofOfLife.MISSING);
        assertThat(e.standing(e.pools().get(0)).kind()).isEqualTo(PoolStanding.Kind.NOT_CURRENT_DOCK_UNVERIFIED);
        assertThat(e.standing(e.pools().get(0)).usable()).isFalse();
        assertThat(ProofTexts.unverifiedDetail(e.dock("d").orElseThrow())).startsWith("no proof of life written at all");
    }

    @Test
    void anOlderAgentWithoutAPeriodAndAnUnjudgedEstateAreNotCalledUnverified() {
        alive("old", null);
        assertThat(judged("old", T0.plus(Duration.ofDays(1))).proofOfLife()).isEqualTo(Estate.ProofOfLife.NOT_JUDGED);
        alive("new", PERIOD);
        // Not judged (no clock): NOT_JUDGED, which is not unverified; every reader that shows liveness judges.
        assertThat(Estate.fromEntries(1, entries, LAYOUT).dock("new").orElseThrow().unverified()).isFalse();
    }

    @Test
    void aProofOfADeadDockIsNotJudgedAndAProofAloneMakesNoDock() {
        proof("gone", T0);
        assertThat(Estate.fromEntries(1, entries, LAYOUT).withProofsJudged(T0).docks()).isEmpty();
        assertThat(LAYOUT.parse(LAYOUT.proof("d"))).isEqualTo(new EtcdKey.Proof("d"));
    }

    @Test
    void aProofThatIsNotAProofDocumentIsAnInvalidEntry() {
        alive("d", PERIOD);
        entries.put(LAYOUT.proof("d"), "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Estate e = Estate.fromEntries(1, entries, LAYOUT).withProofsJudged(T0);
        assertThat(e.invalid()).extracting(Estate.InvalidEntry::key).containsExactly(LAYOUT.proof("d"));
        assertThat(e.dock("d").orElseThrow().proofOfLife()).isEqualTo(Estate.ProofOfLife.MISSING);
    }
}
