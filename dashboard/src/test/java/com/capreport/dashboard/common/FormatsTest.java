package com.capreport.dashboard.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FormatsTest {
    private static final Instant TAKEN = Instant.parse("2026-12-05T07:17:00Z");

    @AfterEach
    void live() {
        Formats.ageBasis(Formats.AgeBasis.NOW);
    }

    @Test
    void liveAgesCountBackFromNow() {
        assertThat(Formats.age(TAKEN.minusSeconds(180), TAKEN)).isEqualTo("3 min ago");
        assertThat(Formats.age(TAKEN.plusSeconds(5), TAKEN)).isEqualTo("in 5 s");
        assertThat(Formats.age(TAKEN, TAKEN)).isEqualTo("just now");
        assertThat(Formats.ago(Formats.span(Duration.ofSeconds(10)))).isEqualTo("10 s ago");
        assertThat(Formats.clockAndAge(TAKEN.minusSeconds(42), TAKEN)).endsWith(" (42 s)");
    }

    @Test
    void whileASnapshotIsShownAgesSayTheyCountBackFromIt() {
        Formats.ageBasis(Formats.AgeBasis.SNAPSHOT);
        assertThat(Formats.age(TAKEN.minusSeconds(180), TAKEN)).isEqualTo("3 min before the snapshot");
        assertThat(Formats.age(TAKEN.plusSeconds(5), TAKEN)).isEqualTo("5 s after the snapshot");
        assertThat(Formats.age(TAKEN, TAKEN)).isEqualTo("at the snapshot");
        assertThat(Formats.ago(Formats.span(Duration.ofSeconds(10)))).isEqualTo("10 s before the snapshot");
        assertThat(Formats.clockAndAge(TAKEN.minusSeconds(42), TAKEN)).endsWith(" (42 s before the snapshot)");
    }

    @Test
    void eventsAndAlarmsFollowTheWallClockWhileASnapshotIsShown() {
        Formats.ageBasis(Formats.AgeBasis.SNAPSHOT);
        assertThat(Formats.liveAge(TAKEN.minusSeconds(180), TAKEN)).isEqualTo("3 min ago");
        assertThat(Formats.liveClockAndAge(TAKEN.minusSeconds(42), TAKEN)).endsWith(" (42 s)");
    }
}
