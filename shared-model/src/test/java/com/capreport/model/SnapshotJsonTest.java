package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotJsonTest {
    private static final String SNAPSHOT = "snapshot.json";

    @Test
    void snapshotDecodeEncodeDecodeGivesAnEqualRecord() throws ModelParseException {
        Snapshot snapshot = Fixtures.decode(SNAPSHOT, Snapshot.class);

        assertThat(Json.decode(Json.encode(snapshot), Snapshot.class, "re-encoded snapshot")).isEqualTo(snapshot);
    }

    @Test
    void snapshotReEncodesToExactlyTheTreeOfTheFile() {
        Snapshot snapshot = Fixtures.decode(SNAPSHOT, Snapshot.class);

        assertThat(Json.tree(snapshot)).isEqualTo(Fixtures.fileTree(SNAPSHOT));
    }

    @Test
    void prettyPrintedSnapshotDecodesToTheSameRecord() throws ModelParseException {
        Snapshot snapshot = Fixtures.decode(SNAPSHOT, Snapshot.class);

        String pretty = Json.pretty(snapshot);

        assertThat(pretty).contains("\n");
        assertThat(Json.decode(pretty, Snapshot.class, "exported snapshot")).isEqualTo(snapshot);
    }

    @Test
    void snapshotHoldsEveryPart() {
        Snapshot snapshot = Fixtures.decode(SNAPSHOT, Snapshot.class);

        assertThat(snapshot.schemaVersion()).isEqualTo(Snapshot.SCHEMA_VERSION);
        assertThat(snapshot.takenAt()).isEqualTo(Instant.parse("2026-11-26T10:01:30.250Z"));
        assertThat(snapshot.source().prefix()).isEqualTo(KeyLayout.DEFAULT_PREFIX);
        assertThat(snapshot.source().revision()).isEqualTo(918_273L);
        assertThat(snapshot.source().endpoints()).hasSize(3).allMatch(e -> e.startsWith("https://"));

        assertThat(snapshot.docks()).extracting(d -> d.spec().id()).containsExactly("node-a1", "node-b2");
        assertThat(snapshot.docks().get(0).alive()).isTrue();
        assertThat(snapshot.docks().get(0).holder()).isEqualTo(Fixtures.decode("dock-alive.json", DockAlive.class));
        assertThat(snapshot.docks().get(0).spec()).isEqualTo(Fixtures.decode("dock-spec.json", DockSpec.class));
        assertThat(snapshot.docks().get(1).alive()).isFalse();
        assertThat(snapshot.docks().get(1).holder()).isNull();
        assertThat(snapshot.docks().get(1).spec().stoppedAt()).isEqualTo(Instant.parse("2026-11-26T06:12:09.500Z"));

        assertThat(snapshot.loops()).extracting(LoopStatus::state).containsExactly(LoopState.RUNNING, LoopState.ERROR);
        assertThat(snapshot.loops()).extracting(LoopStatus::interval)
                .containsExactly(Duration.ofMinutes(1), Duration.ofSeconds(30));

        assertThat(snapshot.pools()).extracting(PoolSpec::status)
                .containsExactly(PoolStatus.AVAILABLE, PoolStatus.ERROR, PoolStatus.UNAVAILABLE);
        assertThat(snapshot.pools()).allSatisfy(p ->
                assertThat(p.id()).isEqualTo(PoolIds.poolId(p.dockId(), p.backend(), p.nativeId())));

        assertThat(snapshot.profiles()).extracting(ProfileSpec::id).containsExactly("gold-thin-iscsi", "bronze");
        assertThat(snapshot.matches()).containsExactly(
                new Snapshot.ProfileMatches("gold-thin-iscsi", List.of("1fdb2e74-4b36-517c-9ac3-35f735e97022")),
                new Snapshot.ProfileMatches("bronze", List.of("1fdb2e74-4b36-517c-9ac3-35f735e97022",
                        "178bc106-5e95-5510-9141-4128f09c6eea")));
    }

    @Test
    void unknownFieldsInASnapshotFromANewerVersionAreIgnored() throws ModelParseException {
        ObjectNode tree = Fixtures.mutableTree(SNAPSHOT);
        tree.put("generator", "capreport 0.3.0");
        ((ObjectNode) tree.get("source")).put("cluster", "dc1");
        ((ObjectNode) tree.withArray("docks").get(0)).put("leaseTtlSeconds", 15);

        Snapshot snapshot = Json.decode(Fixtures.toBytes(tree), Snapshot.class, "snapshot file newer.json");

        assertThat(snapshot).isEqualTo(Fixtures.decode(SNAPSHOT, Snapshot.class));
    }

    @Test
    void emptySnapshotHasEmptyListsNotNulls() throws ModelParseException {
        Snapshot snapshot = Json.decode("{\"schemaVersion\": 1, \"takenAt\": \"2026-11-26T10:01:30Z\"}",
                Snapshot.class, "empty snapshot");

        assertThat(snapshot.docks()).isEmpty();
        assertThat(snapshot.loops()).isEmpty();
        assertThat(snapshot.pools()).isEmpty();
        assertThat(snapshot.profiles()).isEmpty();
        assertThat(snapshot.matches()).isEmpty();
    }
}
