package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AckTest {
    private static final Instant AT = Instant.parse("2026-12-04T13:00:00Z");
    private final KeyLayout layout = new KeyLayout("/capreport/v1");

    private static Ack ack(AckTarget t, Instant expiresAt) {
        return new Ack(t, "known: controller firmware upgrade", "alice", AT, expiresAt);
    }

    @Test
    void everyTargetKindRoundTripsThroughItsWireForm() {
        for (AckTarget t : new AckTarget[] {new AckTarget.Dock("node-2"), new AckTarget.Loop("demo-node", "flaky-sim"),
            new AckTarget.Pool("1fdb2e74-4b36-517c-9ac3-35f735e97022"), new AckTarget.Profile("gold")}) {
            assertThat(AckTarget.parse(t.wire())).isEqualTo(t);
        }
        assertThat(new AckTarget.Loop("demo-node", "flaky-sim").wire()).isEqualTo("loop:demo-node/flaky-sim");
        assertThatThrownBy(() -> AckTarget.parse("rack:7")).hasMessageContaining("not an ack target");
        assertThatThrownBy(() -> AckTarget.parse("loop:node-1")).hasMessageContaining("loop:DOCK/BACKEND");
        assertThatThrownBy(() -> AckTarget.parse("dock:a/b")).hasMessageContaining("not a dock id");
    }

    @Test
    void theJsonHasTheDesignShapeAndRoundTrips() throws ModelParseException {
        Ack a = ack(new AckTarget.Loop("demo-node", "flaky-sim"), AT.plusSeconds(3600));
        String json = Json.encodeString(a);
        assertThat(json).isEqualTo("{\"target\":\"loop:demo-node/flaky-sim\",\"reason\":\"known: controller firmware "
                + "upgrade\",\"by\":\"alice\",\"at\":\"2026-12-04T13:00:00Z\",\"expiresAt\":\"2026-12-04T14:00:00Z\"}");
        assertThat(Json.decode(json, Ack.class, "t")).isEqualTo(a);
        Ack untilResolved = ack(new AckTarget.Dock("node-2"), null);
        assertThat(Json.decode(Json.encode(untilResolved), Ack.class, "t")).isEqualTo(untilResolved);
    }

    @Test
    void invalidAcksAreRefused() {
        AckTarget t = new AckTarget.Dock("node-2");
        assertThatThrownBy(() -> new Ack(t, " ", "alice", AT, null)).hasMessageContaining("reason");
        assertThatThrownBy(() -> new Ack(t, "x".repeat(501), "alice", AT, null)).hasMessageContaining("at most 500");
        assertThatThrownBy(() -> new Ack(t, "why", "", AT, null)).hasMessageContaining("names who");
        assertThatThrownBy(() -> new Ack(t, "why", "alice", AT, AT.minusSeconds(1))).hasMessageContaining("after");
    }

    @Test
    void anExpiredAckIsNotHonoured() {
        Ack a = ack(new AckTarget.Dock("node-2"), AT.plusSeconds(60));
        assertThat(a.activeAt(AT.plusSeconds(59))).isTrue();
        assertThat(a.activeAt(AT.plusSeconds(60))).isFalse();
        assertThat(ack(new AckTarget.Dock("node-2"), null).activeAt(AT.plusSeconds(86_400 * 365))).isTrue();
        Estate e = Estate.fromEntries(5, Map.of(layout.ack(a.id()), Json.encode(a)), layout);
        assertThat(e.acks()).containsExactly(a);
        assertThat(e.ack(a.target(), AT.plusSeconds(10))).contains(a);
        assertThat(e.ack(a.target(), AT.plusSeconds(61))).isEmpty();
    }

    @Test
    void garbageUnderAcksIsAnInvalidEntryNeverACrash() {
        Ack a = ack(new AckTarget.Dock("node-2"), null);
        Map<String, byte[]> entries = Map.of(
                layout.ack("garbage-1"), "{not json".getBytes(StandardCharsets.UTF_8),
                layout.ack("wrong-id"), Json.encode(a),
                layout.ack("no-target"), "{\"reason\":\"r\",\"by\":\"b\",\"at\":\"2026-12-04T13:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8),
                layout.acksPrefix() + "a/b", "{}".getBytes(StandardCharsets.UTF_8),
                layout.ack(Ack.idFor(new AckTarget.Pool("p1"))), ("{\"target\":\"pool:p1\",\"reason\":\""
                        + "x".repeat(5000) + "\",\"by\":\"b\",\"at\":\"2026-12-04T13:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
        Estate e = Estate.fromEntries(5, entries, layout);
        assertThat(e.acks()).isEmpty();
        assertThat(e.invalid()).extracting(Estate.InvalidEntry::key).containsExactlyInAnyOrderElementsOf(entries.keySet());
        assertThat(e.invalid()).filteredOn(i -> i.key().endsWith("wrong-id")).singleElement()
                .extracting(Estate.InvalidEntry::error).asString().contains("the document acknowledges dock:node-2");
        assertThat(e.invalid()).filteredOn(i -> i.key().endsWith("no-target")).singleElement()
                .extracting(Estate.InvalidEntry::error).asString().contains("target");
    }

    @Test
    void theAckKeyIsOneSegmentUnderAcks() {
        String id = Ack.idFor(new AckTarget.Loop("demo-node", "flaky-sim"));
        assertThat(KeyLayout.isValidSegment(id)).isTrue();
        assertThat(layout.ack(id)).isEqualTo("/capreport/v1/acks/" + id);
        assertThat(layout.parse(layout.ack(id))).isEqualTo(new EtcdKey.Ack(id));
    }
}
