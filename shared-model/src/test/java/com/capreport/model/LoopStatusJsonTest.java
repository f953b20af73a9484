package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoopStatusJsonTest {
    private static final String RUNNING = "loop-status-running.json";
    private static final String BACKING_OFF = "loop-status-backing-off.json";

    private static LoopStatus roundTrip(LoopStatus status) throws ModelParseException {
        return Json.decode(Json.encode(status), LoopStatus.class, "re-encoded loop " + status.backend());
    }

    @Test
    void runningLoopDecodesWithItsIntervalAndState() {
        LoopStatus status = Fixtures.decode(RUNNING, LoopStatus.class);

        assertThat(status.state()).isEqualTo(LoopState.RUNNING);
        assertThat(status.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(status.seq()).isEqualTo(1442);
        assertThat(status.lastError()).isNull();
        assertThat(status.poolCount()).isEqualTo(3);
        assertThat(status.nextRunAt()).isEqualTo(Instant.parse("2026-11-26T10:02:02.455Z"));
    }

    @Test
    void runningLoopDecodeEncodeDecodeGivesAnEqualRecord() throws ModelParseException {
        LoopStatus status = Fixtures.decode(RUNNING, LoopStatus.class);

        assertThat(roundTrip(status)).isEqualTo(status);
    }

    @Test
    void intervalWrittenAs60sIsReEncodedInItsShortestForm1m() {
        LoopStatus status = Fixtures.decode(RUNNING, LoopStatus.class);
        ObjectNode expected = Fixtures.mutableTree(RUNNING);
        // Durations.format writes the shortest exact form; everything else is written as read.
        expected.put("interval", "1m");

        assertThat(Json.tree(status)).isEqualTo(expected);
    }

    @Test
    void backingOffLoopReEncodesToExactlyTheTreeOfTheFile() throws ModelParseException {
        LoopStatus status = Fixtures.decode(BACKING_OFF, LoopStatus.class);

        assertThat(roundTrip(status)).isEqualTo(status);
        assertThat(Json.tree(status)).isEqualTo(Fixtures.fileTree(BACKING_OFF));
        assertThat(status.state()).isEqualTo(LoopState.BACKING_OFF);
        assertThat(status.consecutiveFailures()).isEqualTo(3);
        assertThat(status.lastError()).startsWith("ceph df timed out");
        assertThat(status.interval()).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @EnumSource(LoopState.class)
    void everyLoopStateIsWrittenByNameAndReadBack(LoopState state) throws ModelParseException {
        LoopStatus base = Fixtures.decode(BACKING_OFF, LoopStatus.class);
        LoopStatus status = new LoopStatus(base.dockId(), base.backend(), base.driver(), state, base.since(),
                base.seq(), base.lastSuccessAt(), base.lastError(), base.consecutiveFailures(), base.interval(),
                base.poolCount(), base.nextRunAt());

        assertThat(Json.tree(status).get("state").asText()).isEqualTo(state.name());
        assertThat(roundTrip(status)).isEqualTo(status);
    }

    @Test
    void subSecondIntervalIsWrittenInMilliseconds() throws ModelParseException {
        ObjectNode tree = Fixtures.mutableTree(RUNNING);
        tree.put("interval", "1500ms");

        LoopStatus status = Json.decode(Fixtures.toBytes(tree), LoopStatus.class, "fast loop");

        assertThat(status.interval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(Json.tree(status).get("interval").asText()).isEqualTo("1500ms");
    }

    @Test
    void isoIntervalIsAcceptedAndWrittenInTheAdminForm() throws ModelParseException {
        ObjectNode tree = Fixtures.mutableTree(RUNNING);
        tree.put("interval", "PT20S");

        LoopStatus status = Json.decode(Fixtures.toBytes(tree), LoopStatus.class, "loop with ISO interval");

        assertThat(status.interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(Json.tree(status).get("interval").asText()).isEqualTo("20s");
    }
}
