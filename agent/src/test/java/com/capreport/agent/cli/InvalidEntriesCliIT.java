package com.capreport.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Fixtures;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.model.Snapshot;
import com.capreport.model.snapshot.Snapshots;
import com.fasterxml.jackson.databind.JsonNode;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 5: readers tell the truth about what they skipped. A real etcd seeded with the
 * match fixture's estate, then garbage: {@code pools} and {@code docks} count it on stderr and exit
 * 1, {@code docks} names the dock whose {@code alive} is garbage, {@code export} records it in the
 * snapshot (which {@code diff} and {@code match} still read), and a pool document carrying another
 * dock's pool id is invalid.
 */
@Tag("integration")
@Timeout(60)
class InvalidEntriesCliIT {
    @TempDir
    Path dir;
    private String prefix;
    private KeyLayout layout;
    private Snapshot fixture;

    @BeforeEach
    void seed(TestInfo info) throws Exception {
        prefix = TestEtcd.uniquePrefix("invalid-" + info.getTestMethod().orElseThrow().getName());
        layout = new KeyLayout(prefix);
        fixture = Json.decode(Fixtures.read("match/snapshot.json"), Snapshot.class, "match/snapshot.json");
        try (Client c = TestEtcd.client()) {
            TestEtcd.seed(c, layout, fixture);
        }
    }

    @Test
    void theSeededEstateHasNoInvalidEntryAndExitsZero() throws Exception {
        // The fixture's pool ids are the name-based ones: without garbage, nothing is skipped.
        CliRun pools = CliRun.against(prefix, "pools", "--json");
        assertThat(pools.exit()).as(pools.toString()).isZero();
        assertThat(pools.err()).isEmpty();
        assertThat(Json.mapper().readTree(pools.out()).get("pools")).hasSize(fixture.pools().size());
        CliRun docks = CliRun.against(prefix, "docks");
        assertThat(docks.exit()).as(docks.toString()).isZero();
        assertThat(docks.err()).isEmpty();
    }

    @Test
    void poolsWithGarbageCountsItOnStderrListsItInJsonAndExitsOne() throws Exception {
        String g1 = layout.pool("node-x", "y");
        String g2 = layout.pool(fixture.pools().get(0).dockId(), "zz");
        put(g1, "{not json");
        put(g2, "[]");

        CliRun table = CliRun.against(prefix, "pools");
        CliRun json = CliRun.against(prefix, "pools", "--json");

        assertThat(table.exit()).as(table.toString()).isEqualTo(ExitCodes.PROBLEM);
        CliRun.assertOneLine(table.err());
        assertThat(table.err()).startsWith("capreport pools: 2 invalid entries under the prefix were skipped")
                .contains("listed after the table");
        assertThat(table.out()).contains("2 invalid entries").contains(g1, g2);
        assertThat(json.exit()).as(json.toString()).isEqualTo(ExitCodes.PROBLEM);
        CliRun.assertOneLine(json.err());
        assertThat(json.err()).contains("2 invalid entries").contains("'invalid' array");
        JsonNode root = Json.mapper().readTree(json.out());
        assertThat(root.get("pools")).hasSize(fixture.pools().size());
        assertThat(root.get("invalid")).hasSize(2);
        assertThat(root.get("invalid").findValuesAsText("key")).containsExactlyInAnyOrder(g1, g2);
        assertThat(root.get("invalid").findValuesAsText("error")).allSatisfy(e -> assertThat(e).isNotBlank());

        // Only garbage under the prefix (no pool at all) is not "no pools", exit 0.
        String empty = TestEtcd.uniquePrefix("invalid-only-garbage");
        put(new KeyLayout(empty).pool("node-x", "y"), "{not json");
        CliRun only = CliRun.against(empty, "pools");
        assertThat(only.exit()).as(only.toString()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(only.err()).contains("1 invalid entry under the prefix was skipped");

        // --dock: only that dock's unreadable keys concern the answer.
        String other = fixture.pools().stream().map(PoolSpec::dockId).filter(d -> !d.equals(fixture.pools().get(0)
                .dockId())).findFirst().orElseThrow();
        assertThat(CliRun.against(prefix, "pools", "--dock", other).exit()).isZero();
        assertThat(CliRun.against(prefix, "pools", "--dock", fixture.pools().get(0).dockId()).exit())
                .isEqualTo(ExitCodes.PROBLEM);
    }

    @Test
    void docksWithAGarbageAliveNamesTheDockAndTheKeyAndExitsOne() throws Exception {
        String dock = fixture.docks().stream().filter(Snapshot.DockEntry::alive).findFirst().orElseThrow().spec().id();
        String key = layout.alive(dock);
        put(key, "garbage");

        CliRun table = CliRun.against(prefix, "docks");
        CliRun json = CliRun.against(prefix, "docks", "--json");

        assertThat(table.exit()).as(table.toString()).isEqualTo(ExitCodes.PROBLEM);
        CliRun.assertOneLine(table.err());
        assertThat(table.err()).contains("dock " + dock).contains(key).contains("liveness unknown");
        assertThat(table.out().lines().filter(l -> l.startsWith("dock " + dock + ":")))
                .singleElement().satisfies(l -> assertThat(l).contains("LIVENESS UNKNOWN").contains(key)
                        .doesNotContain("DEAD"));
        assertThat(json.exit()).as(json.toString()).isEqualTo(ExitCodes.PROBLEM);
        JsonNode d = null;
        for (JsonNode n : Json.mapper().readTree(json.out()).get("docks")) {
            if (n.get("id").asText().equals(dock)) {
                d = n;
            }
        }
        assertThat(d).as(json.out()).isNotNull();
        assertThat(d.get("liveness").asText()).isEqualTo("unknown");
        assertThat(d.get("aliveInvalid").get("key").asText()).isEqualTo(key);

        // A dock known only by a garbage alive key is named too, not left out.
        String ghost = layout.alive("node-ghost");
        put(ghost, "{\"x\":");
        CliRun again = CliRun.against(prefix, "docks");
        assertThat(again.out()).contains("dock node-ghost: LIVENESS UNKNOWN (its alive key " + ghost);
        assertThat(again.err()).contains("dock node-ghost").contains("2 invalid entries");
    }

    @Test
    void exportRecordsInvalidEntriesAndDiffAndMatchReadTheSnapshot() throws Exception {
        Path before = dir.resolve("before.json");
        CliRun clean = CliRun.against(prefix, "export", "-o", before.toString());
        assertThat(clean.exit()).as(clean.toString()).isZero();
        assertThat(Files.readString(before)).as("no field when nothing was skipped").doesNotContain("\"invalid\"");
        String garbage = layout.pool("node-x", "y");
        put(garbage, "{not json");

        Path after = dir.resolve("after.json");
        CliRun export = CliRun.against(prefix, "export", "-o", after.toString());

        assertThat(export.exit()).as(export.toString()).isZero();
        assertThat(export.err()).contains("recorded 1 invalid entry").contains("'invalid' array");
        JsonNode root = Json.mapper().readTree(Files.readString(after));
        assertThat(root.get("invalid")).singleElement().satisfies(i -> {
            assertThat(i.get("key").asText()).isEqualTo(garbage);
            assertThat(i.get("error").asText()).contains(garbage);
        });
        assertThat(Snapshots.read(Files.readAllBytes(after), "after.json").invalid()).hasSize(1);
        CliRun stdout = CliRun.against(prefix, "export");
        assertThat(stdout.exit()).isZero();
        assertThat(Json.mapper().readTree(stdout.out()).get("invalid")).hasSize(1);
        assertThat(stdout.err()).contains("recorded 1 invalid entry");
        CliRun csv = CliRun.against(prefix, "export", "--format", "csv");
        assertThat(csv.err()).contains("1 invalid entry under the prefix skipped");

        CliRun diff = CliRun.of("diff", before.toString(), after.toString());
        assertThat(diff.exit()).as(diff.toString()).isZero();
        assertThat(diff.out()).contains("identical").contains("invalid entries recorded (not compared): 0 → 1");
        CliRun diffJson = CliRun.of("diff", "--json", after.toString(), before.toString());
        assertThat(diffJson.exit()).as(diffJson.toString()).isZero();
        assertThat(Json.mapper().readTree(diffJson.out()).get("invalid").get("before").asInt()).isEqualTo(1);

        CliRun match = CliRun.of("match", "--snapshot", after.toString());
        assertThat(match.exit()).as(match.toString()).isIn(ExitCodes.OK, ExitCodes.PROBLEM);
        assertThat(match.err()).contains("records 1 invalid entry");
        assertThat(match.out()).isNotBlank();
    }

    @Test
    void aPoolCarryingAnotherDocksIdInsideAPrefixIsInvalidAndTheExportStillDiffs() throws Exception {
        PoolSpec victim = fixture.pools().get(0);
        String thief = fixture.docks().stream().map(d -> d.spec().id()).filter(d -> !d.equals(victim.dockId()))
                .findFirst().orElseThrow();
        // The thief's copy says it is its own pool, keeps the victim's id, and is filed under that id.
        PoolSpec copy = new PoolSpec(victim.id(), victim.createdAt(), victim.updatedAt(), victim.name(),
                victim.storageType(), victim.description(), victim.status(), victim.availabilityZone(),
                victim.totalCapacity(), victim.freeCapacity(), thief, victim.backend(), victim.driver(),
                victim.nativeId(), victim.totalCapacityBytes(), victim.freeCapacityBytes(), victim.extras(),
                victim.capabilitySources());
        String key = layout.pool(thief, victim.id());
        try (Client c = TestEtcd.client()) {
            TestEtcd.put(c, key, Json.encode(copy));
        }

        CliRun json = CliRun.against(prefix, "pools", "--json");

        assertThat(json.exit()).as(json.toString()).isEqualTo(ExitCodes.PROBLEM);
        JsonNode root = Json.mapper().readTree(json.out());
        assertThat(root.get("pools").findValuesAsText("id")).containsOnlyOnce(victim.id());
        assertThat(root.get("invalid")).singleElement().satisfies(i -> {
            assertThat(i.get("key").asText()).isEqualTo(key);
            assertThat(i.get("error").asText()).contains("expected " + PoolIds.poolId(thief, victim.backend(),
                    victim.nativeId())).contains("found " + victim.id());
        });
        // Before: export accepted it, and its own diff and match refused the file ("appears twice").
        Path file = dir.resolve("estate.json");
        assertThat(CliRun.against(prefix, "export", "-o", file.toString()).exit()).isZero();
        CliRun diff = CliRun.of("diff", file.toString(), file.toString());
        assertThat(diff.exit()).as(diff.toString()).isZero();
        CliRun match = CliRun.of("match", "--snapshot", file.toString());
        assertThat(match.exit()).as(match.toString()).isIn(ExitCodes.OK, ExitCodes.PROBLEM);
    }

    private void put(String key, String value) throws Exception {
        try (Client c = TestEtcd.client()) {
            TestEtcd.put(c, key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
