package com.capreport.dashboard.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.AckTarget;
import com.capreport.model.EstateEvents.Event;
import com.capreport.model.EstateEvents.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationBookTest {
    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-04T13:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final TestClock clock = new TestClock();
    private final NotificationBook book = new NotificationBook(clock);

    private Event failed(String backend) {
        return new Event(clock.instant(), Severity.ERROR, "backend-error", "demo-node", backend,
                "backend demo-node/" + backend + " failed: simulated failure");
    }

    private Event recovered(String backend) {
        return new Event(clock.instant(), Severity.INFO, "loop-recovered", "demo-node", backend,
                "backend demo-node/" + backend + " reports again (was error)");
    }

    @Test
    void aFlappingBackendIsOneCardThatCountsItsFailures() {
        for (int i = 0; i < 12; i++) {
            book.offer(List.of(failed("flaky-sim")), Set.of());
            clock.advance(Duration.ofSeconds(12));
            book.offer(List.of(recovered("flaky-sim")), Set.of());
            clock.advance(Duration.ofSeconds(13));
            book.expire(); // the recovered card went away 8 s after the recovery; the next failure brings it back
        }
        book.offer(List.of(failed("flaky-sim")), Set.of());
        assertThat(book.visible()).singleElement().satisfies(c -> {
            assertThat(c.source()).isEqualTo(new AckTarget.Loop("demo-node", "flaky-sim"));
            assertThat(c.severity()).isEqualTo(Severity.ERROR);
            assertThat(c.standing()).isEqualTo(NotificationBook.Standing.PROBLEM);
            assertThat(c.text()).startsWith("failed 13 times in 5 min · last: backend demo-node/flaky-sim failed");
        });
        assertThat(book.created()).isEqualTo(1);
        assertThat(book.offered()).isEqualTo(25);
        // Errors stay until dismissed.
        clock.advance(Duration.ofHours(1));
        assertThat(book.expire()).isFalse();
        assertThat(book.visible()).hasSize(1);
        book.dismiss(new AckTarget.Loop("demo-node", "flaky-sim"));
        assertThat(book.visible()).isEmpty();
    }

    @Test
    void aRecoveryTurnsTheErrorCardIntoARecoveredInformationCardThatGoesAway() {
        AckTarget flaky = new AckTarget.Loop("demo-node", "flaky-sim");
        book.offer(List.of(failed("flaky-sim")), Set.of());
        assertThat(book.visible()).singleElement().satisfies(c -> {
            assertThat(c.severity()).isEqualTo(Severity.ERROR);
            assertThat(c.sticky()).isTrue();
        });
        clock.advance(Duration.ofSeconds(20));
        book.offer(List.of(recovered("flaky-sim")), Set.of());
        assertThat(book.visible()).singleElement().satisfies(c -> {
            assertThat(c.source()).isEqualTo(flaky);
            assertThat(c.severity()).isEqualTo(Severity.INFO);
            assertThat(c.worst()).isEqualTo(Severity.ERROR);
            assertThat(c.standing()).isEqualTo(NotificationBook.Standing.RECOVERED);
            assertThat(c.sticky()).isFalse();
            assertThat(c.text()).startsWith("recovered: backend demo-node/flaky-sim reports again")
                    .contains("\nbefore: backend demo-node/flaky-sim failed");
        });
        // Below a live problem of another source: the problem is read first.
        book.offer(List.of(failed("other")), Set.of());
        assertThat(book.visible()).extracting(NotificationBook.Card::source)
                .containsExactly(new AckTarget.Loop("demo-node", "other"), flaky);
        clock.advance(NotificationBook.INFO_FOR);
        assertThat(book.expire()).isTrue();
        assertThat(book.visible()).extracting(NotificationBook.Card::source)
                .containsExactly(new AckTarget.Loop("demo-node", "other"));
        // Long after: a new failure is a new story, not the old count.
        clock.advance(NotificationBook.COALESCE_FOR);
        book.expire();
        book.offer(List.of(failed("flaky-sim")), Set.of());
        assertThat(book.all()).filteredOn(c -> c.source().equals(flaky)).singleElement()
                .satisfies(c -> assertThat(c.failures()).isEqualTo(1));
    }

    @Test
    void newsThatFollowsNoFailureIsNotARecovery() {
        book.offer(List.of(new Event(clock.instant(), Severity.INFO, "dock-new", "node-3", "", "dock node-3 registered")),
                Set.of());
        assertThat(book.visible()).singleElement().satisfies(c -> {
            assertThat(c.standing()).isEqualTo(NotificationBook.Standing.NEWS);
            assertThat(c.text()).isEqualTo("dock node-3 registered");
        });
    }

    @Test
    void atMostThreeCardsWorstFirstTheRestFolded() {
        book.offer(List.of(recovered("a"), failed("b"), recovered("c"), failed("d"), failed("e")), Set.of());
        assertThat(book.visible()).hasSize(NotificationBook.CAP)
                .extracting(c -> ((AckTarget.Loop) c.source()).backend()).containsExactly("e", "d", "b");
        assertThat(book.folded()).isEqualTo(2);
    }

    @Test
    void informationGoesAwayByItselfWarningsLaterErrorsNever() {
        book.offer(List.of(recovered("a"), new Event(clock.instant(), Severity.WARNING, "loop-backing-off", "demo-node",
                "b", "backing off"), failed("c")), Set.of());
        clock.advance(NotificationBook.INFO_FOR);
        book.expire();
        assertThat(book.all()).extracting(NotificationBook.Card::severity).containsExactly(Severity.ERROR,
                Severity.WARNING);
        clock.advance(NotificationBook.WARNING_FOR);
        book.expire();
        assertThat(book.all()).extracting(NotificationBook.Card::severity).containsExactly(Severity.ERROR);
    }

    @Test
    void acknowledgedSourcesDoNotNotify() {
        AckTarget flaky = new AckTarget.Loop("demo-node", "flaky-sim");
        book.offer(List.of(failed("flaky-sim")), Set.of());
        assertThat(book.acknowledged(Set.of(flaky))).isTrue();
        book.offer(List.of(failed("flaky-sim"), failed("other")), Set.of(flaky));
        assertThat(book.visible()).extracting(NotificationBook.Card::source)
                .containsExactly(new AckTarget.Loop("demo-node", "other"));
    }

    @Test
    void profileAndDockEventsAreTheirOwnSources() {
        book.offer(List.of(new Event(clock.instant(), Severity.WARNING, "profile-at-risk", "profile:gold", "", "gold: 3 → 1"),
                new Event(clock.instant(), Severity.ERROR, "dock-dead", "node-2", "", "dock node-2 died")), Set.of());
        assertThat(book.visible()).extracting(NotificationBook.Card::source)
                .containsExactly(new AckTarget.Dock("node-2"), new AckTarget.Profile("gold"));
    }
}
