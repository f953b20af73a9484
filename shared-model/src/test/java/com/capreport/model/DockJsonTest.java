package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DockJsonTest {
    private static final String SPEC = "dock-spec.json";
    private static final String ALIVE = "dock-alive.json";

    @Test
    void dockSpecDecodeEncodeDecodeGivesAnEqualRecord() throws ModelParseException {
        DockSpec spec = Fixtures.decode(SPEC, DockSpec.class);

        assertThat(Json.decode(Json.encode(spec), DockSpec.class, "re-encoded dock")).isEqualTo(spec);
    }

    @Test
    void dockSpecReEncodesToExactlyTheTreeOfTheFile() {
        DockSpec spec = Fixtures.decode(SPEC, DockSpec.class);

        assertThat(Json.tree(spec)).isEqualTo(Fixtures.fileTree(SPEC));
    }

    @Test
    void dockSpecKeepsItsBackendsInOrder() {
        DockSpec spec = Fixtures.decode(SPEC, DockSpec.class);

        assertThat(spec.id()).isEqualTo("node-a1");
        assertThat(spec.endpoint()).isEqualTo("stor-a1.dc1.example.net:7443");
        assertThat(spec.backends()).containsExactly(new BackendRef("lvm-1", "lvm"), new BackendRef("ceph-1", "ceph"));
        assertThat(spec.stoppedAt()).isNull();
        assertThat(spec.startedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void stoppedDockRoundTripsWithItsStopTime() throws ModelParseException {
        Instant at = Instant.parse("2026-11-26T06:12:09.500Z");
        DockSpec stopped = Fixtures.decode(SPEC, DockSpec.class).stopped(at);

        DockSpec again = Json.decode(Json.encode(stopped), DockSpec.class, "stopped dock");

        assertThat(again).isEqualTo(stopped);
        assertThat(Json.tree(again).get("stoppedAt").asText()).isEqualTo("2026-11-26T06:12:09.500Z");
    }

    @Test
    void unknownFieldsInABackendEntryAreIgnored() throws ModelParseException {
        ObjectNode tree = Fixtures.mutableTree(SPEC);
        ((ObjectNode) tree.withArray("backends").get(0)).put("pollTimeout", "20s");
        tree.put("labels", "rack=r12");

        DockSpec spec = Json.decode(Fixtures.toBytes(tree), DockSpec.class, "dock from a newer agent");

        assertThat(spec).isEqualTo(Fixtures.decode(SPEC, DockSpec.class));
    }

    @Test
    void dockAliveDecodeEncodeDecodeGivesAnEqualRecord() throws ModelParseException {
        DockAlive alive = Fixtures.decode(ALIVE, DockAlive.class);

        assertThat(Json.decode(Json.encode(alive), DockAlive.class, "re-encoded alive")).isEqualTo(alive);
        assertThat(Json.tree(alive)).isEqualTo(Fixtures.fileTree(ALIVE));
    }

    @Test
    void dockAliveDescribesItsHolderForRefusals() {
        DockAlive alive = Fixtures.decode(ALIVE, DockAlive.class);

        assertThat(alive.describe()).isEqualTo("host stor-a1.dc1.example.net pid 4711 since 2026-11-25 10:00:00 UTC");
    }
}
