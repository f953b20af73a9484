package com.capreport.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Fixtures;
import com.capreport.model.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capreport match}: the offline what-if, no etcd anywhere. The fixture snapshot has an LVM
 * thin pool and Ceph RBD pools on two live docks and a Ceph pool on a dead dock (the only pool
 * fast enough for "platinum", which must therefore not match).
 */
class MatchCommandTest {
    private static final String THINPOOL = "1fdb2e74-4b36-517c-9ac3-35f735e97022";
    private static final String RBD_GOLD = "8d6a3e86-d530-5db9-a684-d105e19b259c";
    private static final String RBD_BULK = "6f44f63f-03b2-5e74-939e-6bb9c94cb105";
    private static final String VG_FAST = "9ea20e0b-02f4-5453-9627-a2a610808215";
    private static final String RBD_DR_OF_DEAD_DOCK = "b7974e4a-b265-578a-b78e-b961b13de092";

    @TempDir
    Path dir;
    private String snapshot;
    private String profiles;

    @BeforeEach
    void copyFixtures() {
        snapshot = write("snapshot.json", Fixtures.read("match/snapshot.json"));
        profiles = write("profiles.yaml", Fixtures.read("match/profiles.yaml"));
    }

    @Test
    void jsonListsMatchesRankedByFreeCapacityAndEveryOtherPoolWithReasons() throws Exception {
        CliRun run = CliRun.of("match", "--snapshot", snapshot, "--profiles", profiles, "--json");

        assertThat(run.exit()).as("platinum has no match: %s", run).isEqualTo(1);
        JsonNode root = Json.mapper().readTree(run.out());
        assertThat(root.get("profiles")).extracting(p -> p.get("id").asText()).containsExactly("gold", "silver", "platinum");
        JsonNode gold = root.get("profiles").get(0);
        assertThat(ids(gold.get("matches"))).containsExactly(RBD_GOLD);
        assertThat(gold.get("nonMatches")).extracting(n -> n.get("pool").asText())
                .containsExactlyInAnyOrder(THINPOOL, RBD_BULK, VG_FAST, RBD_DR_OF_DEAD_DOCK);
        JsonNode thin = nonMatch(gold, THINPOOL);
        assertThat(ids(thin.get("reasons"))).hasSize(2).anySatisfy(r -> assertThat(r).contains("MaxIOPS"))
                .anySatisfy(r -> assertThat(r).contains("RecoveryGeographicObjective", "Server"));
        assertThat(nonMatch(gold, RBD_DR_OF_DEAD_DOCK).get("reasons").get(0).asText()).contains("node-c3", "dead");
        assertThat(gold.get("blocker").get("path").asText()).isEqualTo("extras.IOConnectivityLineOfService.MaxIOPS");

        JsonNode silver = root.get("profiles").get(1);
        assertThat(ids(silver.get("matches"))).as("most free capacity first").containsExactly(RBD_BULK, THINPOOL, VG_FAST);

        JsonNode platinum = root.get("profiles").get(2);
        assertThat(platinum.get("matches")).isEmpty();
        assertThat(platinum.get("satisfiable").asBoolean()).isFalse();
        assertThat(ids(platinum.get("suggestions"))).anySatisfy(s -> assertThat(s).contains(">= 20000", "node-a1/rbd-gold"));
    }

    @Test
    void textShowsPerProfileTheRankedMatchesTheReasonsTheBlockerAndSuggestions() {
        CliRun run = CliRun.of("match", "--snapshot", snapshot, "--profiles", profiles);

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).isEmpty();
        String out = run.out();
        assertThat(out).contains("profile gold (Gold (replicated across racks, 5000 IOPS)): ok, 1 of 5 pools match")
                .contains("profile platinum: NO MATCH, 0 of 5 pools match")
                .contains("node-c3/rbd-dr [stale]")
                .contains("IOConnectivityLineOfService.MaxIOPS reports 3000, needs >= 5000")
                .contains("blocker: extras.IOConnectivityLineOfService.MaxIOPS >= 50000 (keeps out 4 pools)")
                .contains("suggestions:");
        List<String> silverMatches = out.lines().dropWhile(l -> !l.startsWith("profile silver"))
                .filter(l -> l.matches("\\s+\\d+\\s+.*")).limit(3).toList();
        assertThat(silverMatches).satisfiesExactly(
                l -> assertThat(l).contains("1", "node-a1/rbd-bulk"),
                l -> assertThat(l).contains("2", "node-a1/thinpool0"),
                l -> assertThat(l).contains("3", "node-b2/vg_fast"));
    }

    @Test
    void anUnsatisfiableProfileNamesWhatExcludesEveryPoolAndTheClosestPoolsWithWhatEachLacks() throws Exception {
        CliRun run = CliRun.of("match", "--snapshot", snapshot, "--profiles", profiles);
        CliRun json = CliRun.of("match", "--snapshot", snapshot, "--profiles", profiles, "--json");

        List<String> platinum = run.out().lines().dropWhile(l -> !l.startsWith("profile platinum")).toList();
        assertThat(platinum).contains(
                "  excludes every usable pool: IOConnectivityLineOfService.MaxIOPS >= 50000 (all 4 fail it)",
                "  closest pools (fewest failing requirements):",
                "    - node-a1/rbd-bulk lacks: MaxIOPS 3000 needs >= 50000",
                "    - node-a1/rbd-gold lacks: MaxIOPS 20000 needs >= 50000",
                "    - node-a1/thinpool0 lacks: MaxIOPS null needs >= 50000");
        // freeCapacity >= 1000 lets three pools through: it is not blamed for excluding them all.
        assertThat(platinum).noneMatch(l -> l.contains("excludes every usable pool: freeCapacity"));
        assertThat(run.out().lines().dropWhile(l -> !l.startsWith("profile gold")).takeWhile(l -> !l.isEmpty()))
                .noneMatch(l -> l.contains("closest pools"));
        JsonNode p = Json.mapper().readTree(json.out()).get("profiles").get(2);
        assertThat(p.get("excludingAll")).extracting(b -> b.get("path").asText())
                .containsExactly("extras.IOConnectivityLineOfService.MaxIOPS");
        assertThat(p.get("closest")).extracting(c -> c.get("pool").asText()).containsExactly(RBD_BULK, RBD_GOLD, THINPOOL);
    }

    @Test
    void exitsZeroWhenEveryProfileHasAMatch() {
        String satisfiable = write("ok.yaml", Fixtures.read("match/profiles.yaml").split("\n---\nid: platinum")[0]);

        CliRun run = CliRun.of("match", "--snapshot", snapshot, "--profiles", satisfiable);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("profile gold").contains("profile silver").doesNotContain("platinum");
    }

    @Test
    void aRequirementThatDoesNotParseMakesItsProfileInvalidNotTheCommandFail() throws Exception {
        String bad = write("bad.yaml", "id: broken\nrequirements:\n  freeCapacity: \"<in>\"\n---\nid: fine\n"
                + "requirements:\n  freeCapacity: \">= 1\"\n");

        CliRun run = CliRun.of("match", "--snapshot", snapshot, "--profiles", bad, "--json");

        assertThat(run.exit()).isEqualTo(1);
        JsonNode broken = Json.mapper().readTree(run.out()).get("profiles").get(0);
        assertThat(broken.get("errors")).singleElement().satisfies(e -> assertThat(e.asText()).contains("freeCapacity"));
        assertThat(broken.get("matches")).isEmpty();
    }

    @Test
    void aPathNoPoolReportsIsWarnedOnStderr() {
        String typo = write("typo.yaml", "id: typo\nrequirements:\n  extras.IOConnectivityLineOfService.MaxIOPs: \">= 1\"\n");

        CliRun run = CliRun.of("match", "--snapshot", snapshot, "--profiles", typo);

        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains(typo, "line 3", "warning:", "did you mean", "MaxIOPS");
    }

    @Test
    void withoutProfilesTheSnapshotsOwnProfilesAreMatched() {
        CliRun run = CliRun.of("match", "--snapshot", snapshot);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("no profiles\n");
    }

    @Test
    void badFilesAreOneLineUsageErrors() {
        List<CliRun> runs = new ArrayList<>();
        runs.add(CliRun.of("match", "--snapshot", write("garbage.json", "garbage"), "--profiles", profiles));
        runs.add(CliRun.of("match", "--snapshot", write("other.json", "{\"schemaVersion\": 0}"), "--profiles", profiles));
        runs.add(CliRun.of("match", "--snapshot", dir.resolve("missing.json").toString(), "--profiles", profiles));
        runs.add(CliRun.of("match", "--snapshot", snapshot, "--profiles", write("unknown.yaml", "id: a\nrequirement: {}\n")));
        runs.add(CliRun.of("match", "--snapshot", snapshot, "--profiles", write("dup.yaml", "- id: a\n- id: a\n")));
        runs.add(CliRun.of("match", "--snapshot", snapshot, "--profiles", dir.resolve("missing.yaml").toString()));
        runs.add(CliRun.of("match", "--profiles", profiles));
        runs.add(CliRun.of("match", "--snapshot", write("nospec.json", "{\"schemaVersion\": 1, \"docks\": [{\"alive\": true}]}")));

        assertThat(runs).allSatisfy(r -> {
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            CliRun.assertOneLine(r.err());
            assertThat(r.out()).isEmpty();
        });
        assertThat(runs.get(0).err()).contains("garbage.json", "not valid JSON");
        assertThat(runs.get(1).err()).contains("other.json", "schema version 0");
        assertThat(runs.get(2).err()).contains("missing.json: file not found");
        assertThat(runs.get(3).err()).contains("unknown.yaml", "profile #1 'a'", "requirement: unknown key");
        assertThat(runs.get(4).err()).contains("dup.yaml", "profile #2 'a'", "also the id of profile #1");
        assertThat(runs.get(5).err()).contains("missing.yaml: file not found");
        assertThat(runs.get(6).err()).contains("--snapshot");
        assertThat(runs.get(7).err()).contains("nospec.json", "docks[0]", "no spec");
    }

    private String write(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode nonMatch(JsonNode profile, String poolId) {
        for (JsonNode n : profile.get("nonMatches")) {
            if (n.get("pool").asText().equals(poolId)) {
                return n;
            }
        }
        throw new AssertionError("no non-match for pool " + poolId + " in " + profile);
    }
}
