package com.capreport.dashboard.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.EstateEvents;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.ProfileChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A profile drop caused only by an etcd outage is a warning and waits for the recovery before it shows a card. */
class OutageAlertGraceTest {
    private static final Instant T0 = Instant.parse("2026-12-07T16:03:00Z");
    private static final ProfileSpec GOLD = new ProfileSpec("gold", "Gold", "", "block", Map.of("freeCapacity", ">= 1"));
    private final OutageAlertGrace grace = new OutageAlertGrace();

    private static ProfileAlert fell(boolean outageOnly, Instant at) {
        return new ProfileAlert(new ProfileChange(GOLD, 3, 0, List.of("demo-node/a no longer matches: the leases of"
                + " dock demo-node expired during an etcd outage of 22 s"), Optional.empty(), outageOnly), false, at);
    }

    private static ProfileAlert back(Instant at) {
        return new ProfileAlert(new ProfileChange(GOLD, 0, 3, List.of("demo-node/a now matches"), Optional.empty()),
                true, at);
    }

    @Test
    void anOutageOnlyDropIsAWarningThatNamesTheCause() {
        EstateEvents.Event e = fell(true, T0).event();
        assertThat(e.severity()).isEqualTo(EstateEvents.Severity.WARNING);
        assertThat(e.message()).contains("only because leases expired during an etcd outage");
        assertThat(fell(false, T0).event().severity()).isEqualTo(EstateEvents.Severity.ERROR);
    }

    @Test
    void anOutageOnlyDropThatRecoversWithinTheGraceShowsNoCard() {
        assertThat(grace.offer(List.of(fell(true, T0)), T0)).isEmpty();
        assertThat(grace.due(T0.plusSeconds(5))).isEmpty();
        assertThat(grace.offer(List.of(back(T0.plusSeconds(8))), T0.plusSeconds(8))).isEmpty();
        assertThat(grace.due(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void anOutageOnlyDropThatStaysShowsItsCardWhenTheGraceRunsOut() {
        grace.offer(List.of(fell(true, T0)), T0);
        assertThat(grace.due(T0.plus(OutageAlertGrace.GRACE).minusSeconds(1))).isEmpty();
        assertThat(grace.due(T0.plus(OutageAlertGrace.GRACE))).singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo("profile-at-risk"));
        // its recovery later is news again
        assertThat(grace.offer(List.of(back(T0.plusSeconds(90))), T0.plusSeconds(90))).hasSize(1);
    }

    @Test
    void anyOtherDropShowsAtOnce() {
        assertThat(grace.offer(List.of(fell(false, T0)), T0)).singleElement()
                .satisfies(e -> assertThat(e.severity()).isEqualTo(EstateEvents.Severity.ERROR));
    }
}
