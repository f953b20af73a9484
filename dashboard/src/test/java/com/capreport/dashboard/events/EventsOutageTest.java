package com.capreport.dashboard.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.DockAlive;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An etcd outage is one entry in the history, also when no lease expired in it. */
class EventsOutageTest {
    private static final Instant T0 = Instant.parse("2026-12-07T16:40:00Z");
    private final EventsViewModel vm = new EventsViewModel(Clock.fixed(T0, ZoneOffset.UTC));

    private static Estate estate(long revision) {
        return new Estate(revision, List.of(new Estate.DockView("node-1", Optional.empty(), Optional.of(
                new DockAlive("h1", 1, T0, "0.1", "", "m", Duration.ofSeconds(4))), Map.of())),
                List.of(), List.of(), List.of());
    }

    @Test
    void anOutageInWhichNoLeaseExpiredIsOneInformationEntryOnceItsLeasesCouldNoLongerExpire() {
        Estate e = estate(1);
        vm.apply(e, T0);
        vm.connection(true, Optional.empty(), T0);
        vm.connection(false, Optional.of(T0.plusSeconds(1)), T0.plusSeconds(6));
        vm.connection(true, Optional.empty(), T0.plusSeconds(4 + 5));
        for (int s = 10; s <= 14; s++) {
            vm.connection(true, Optional.empty(), T0.plusSeconds(s));
        }
        assertThat(vm.events()).as("a lease of 4 s may still expire up to 5 s after etcd answered").isEmpty();
        for (int s = 15; s <= 30; s++) {
            vm.connection(true, Optional.empty(), T0.plusSeconds(s));
        }
        assertThat(vm.events()).singleElement().satisfies(ev -> {
            assertThat(ev.kind()).isEqualTo("etcd-outage");
            assertThat(ev.severity()).isEqualTo(EstateEvents.Severity.INFO);
            assertThat(ev.message()).isEqualTo("etcd unreachable for 8 s (16:40:01–16:40:09 UTC); no lease expired:"
                    + " every agent renewed its leases in time");
        });
    }

    @Test
    void anOutageTheEstateAlreadyToldOfIsNotToldAgain() {
        vm.apply(estate(1), T0);
        vm.connection(false, Optional.of(T0.plusSeconds(1)), T0.plusSeconds(6));
        vm.add(List.of(new EstateEvents.Event(T0.plusSeconds(23), EstateEvents.Severity.WARNING, "etcd-outage",
                "node-1", "", "etcd unreachable for 22 s (…); leases expired during the etcd outage: dock node-1")));
        for (int s = 23; s <= 60; s++) {
            vm.connection(true, Optional.empty(), T0.plusSeconds(s));
        }
        assertThat(vm.events()).extracting(EstateEvents.Event::kind).containsExactly("etcd-outage");
    }
}
