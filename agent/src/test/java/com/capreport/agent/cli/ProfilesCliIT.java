package com.capreport.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Fixtures;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.Snapshot;
import com.fasterxml.jackson.databind.JsonNode;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capreport profiles …} as admins run it against a real etcd holding the estate of the
 * what-if fixture (LVM thin and Ceph RBD pools on two live docks, one dead dock): apply, list,
 * show, delete with compare-and-swap, validation on apply, and {@code check}'s exit codes.
 */
@Tag("integration")
@Timeout(60)
class ProfilesCliIT {
    private static final Pattern REVISION = Pattern.compile("(?m)^revision: (\\d+)$");
    private static final String GOLD = """
            id: gold
            name: Gold
            storageType: block
            requirements:
              freeCapacity: ">= 500"
              extras.IOConnectivityLineOfService.MaxIOPS: ">= 5000"
            """;
    private static final String SILVER = """
            id: silver
            requirements:
              extras.DataStorageLineOfService.ProvisioningPolicy: <in> Thin
            """;

    @TempDir
    Path dir;
    private String prefix;
    private KeyLayout layout;

    @BeforeEach
    void seedTheFixtureEstate(TestInfo info) throws Exception {
        prefix = TestEtcd.uniquePrefix("profiles-cli-" + info.getTestMethod().orElseThrow().getName());
        layout = new KeyLayout(prefix);
        Snapshot s = Json.decode(Fixtures.read("match/snapshot.json"), Snapshot.class, "match/snapshot.json");
        try (Client c = TestEtcd.client()) {
            TestEtcd.seed(c, layout, s);
        }
    }

    @Test
    void applyListShowDeleteRoundTrip() throws Exception {
        CliRun apply = cli("profiles", "apply", "-f", file("p.yaml", GOLD + "---\n" + SILVER));

        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("created profile gold (revision ").contains("created profile silver (revision ")
                .contains("2 profiles: created 2, updated 0, unchanged 0, refused 0");

        CliRun list = cli("profiles", "list");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out().lines().toList()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).contains("ID", "NAME", "REQUIREMENTS", "REVISION");
            assertThat(lines.get(1)).startsWith("gold ").contains("Gold", "block");
            assertThat(lines.get(2)).startsWith("silver ");
        });

        CliRun show = cli("profiles", "show", "gold");
        assertThat(show.exit()).as(show.toString()).isZero();
        long revision = revisionIn(show.out());
        assertThat(show.out()).contains("id: gold", "freeCapacity: '>= 500'");

        CliRun json = cli("profiles", "show", "gold", "--json");
        JsonNode shown = Json.mapper().readTree(json.out());
        assertThat(shown.get("revision").asLong()).isEqualTo(revision);
        assertThat(shown.get("requirements").get("extras.IOConnectivityLineOfService.MaxIOPS").asText()).isEqualTo(">= 5000");

        CliRun edit = cli("profiles", "apply", "-f", file("edit.yaml", show.out().replace("'>= 500'", "'>= 800'")));
        assertThat(edit.exit()).as(edit.toString()).isZero();
        assertThat(edit.out()).contains("updated profile gold (revision ").contains(", was " + revision + ")");

        CliRun delete = cli("profiles", "delete", "gold");
        assertThat(delete.exit()).as(delete.toString()).isZero();
        assertThat(delete.out()).startsWith("deleted profile gold");
        assertThat(cli("profiles", "list").out()).doesNotContain("gold").contains("silver");
        CliRun gone = cli("profiles", "show", "gold");
        assertThat(gone.exit()).isEqualTo(1);
        CliRun.assertOneLine(gone.err());
        assertThat(gone.err()).contains("profile gold does not exist");
    }

    @Test
    void listJsonIsAFileApplyTakesBackUnchanged() throws Exception {
        cli("profiles", "apply", "-f", file("p.yaml", GOLD + "---\n" + SILVER));

        CliRun list = cli("profiles", "list", "--json");
        CliRun again = cli("profiles", "apply", "-f", file("all.json", list.out()));

        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("profile gold unchanged", "profile silver unchanged", "unchanged 2");
    }

    @Test
    void reapplyingTheSameFileSaysUnchangedAndWritesNothing() throws Exception {
        String f = file("gold.yaml", GOLD);
        cli("profiles", "apply", "-f", f);
        long before = revisionIn(cli("profiles", "show", "gold").out());

        CliRun again = cli("profiles", "apply", "-f", f);

        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("profile gold unchanged (revision " + before + ")");
        assertThat(revisionIn(cli("profiles", "show", "gold").out())).isEqualTo(before);
    }

    @Test
    void changingAnExistingProfileWithoutARevisionIsRefusedAndSaysHowToProceed() throws Exception {
        cli("profiles", "apply", "-f", file("gold.yaml", GOLD));

        CliRun run = cli("profiles", "apply", "-f", file("gold2.yaml", GOLD.replace("\">= 500\"", "\">= 900\"")));

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains("profile gold already exists", "capreport profiles show gold", "--if-revision",
                "--force");
        assertThat(cli("profiles", "show", "gold").out()).contains("'>= 500'");
    }

    @Test
    void twoAdminsEditingTheSameShowOutputNeverOverwriteEachOther() throws Exception {
        cli("profiles", "apply", "-f", file("gold.yaml", GOLD));
        String shown = cli("profiles", "show", "gold").out();
        long read = revisionIn(shown);
        String alice = file("alice.yaml", shown.replace("'>= 500'", "'>= 600'"));
        String bob = file("bob.yaml", shown.replace("'>= 5000'", "'>= 7000'"));

        CliRun first = cli("profiles", "apply", "-f", alice);
        CliRun second = cli("profiles", "apply", "-f", bob);

        assertThat(first.exit()).as(first.toString()).isZero();
        long won = revisionIn(cli("profiles", "show", "gold").out());
        assertThat(second.exit()).as(second.toString()).isEqualTo(1);
        CliRun.assertOneLine(second.err());
        assertThat(second.err()).contains("profile gold was changed at revision " + won + " since you read it at revision "
                + read + "; run `capreport profiles show gold` and re-apply");
        assertThat(cli("profiles", "show", "gold").out()).contains(">= 600").contains(">= 5000").doesNotContain(">= 7000");
    }

    @Test
    void ifRevisionUpdatesOnlyAtThatRevisionAndForceOverwrites() throws Exception {
        cli("profiles", "apply", "-f", file("gold.yaml", GOLD));
        long read = revisionIn(cli("profiles", "show", "gold").out());
        String changed = file("gold2.yaml", GOLD.replace("\">= 500\"", "\">= 900\""));

        CliRun stale = cli("profiles", "apply", "-f", changed, "--if-revision", String.valueOf(read - 1));
        CliRun current = cli("profiles", "apply", "-f", changed, "--if-revision", String.valueOf(read));
        CliRun forced = cli("profiles", "apply", "-f", file("gold3.yaml", GOLD.replace("\">= 500\"", "\">= 100\"")), "--force");

        assertThat(stale.exit()).as(stale.toString()).isEqualTo(1);
        assertThat(stale.err()).contains("since you read it at revision " + (read - 1));
        assertThat(current.exit()).as(current.toString()).isZero();
        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("--force");
        assertThat(cli("profiles", "show", "gold").out()).contains("'>= 100'");
    }

    @Test
    void syntaxErrorInOneRequirementIsOneLineNamingItAndThePositionAndNothingIsWritten() throws Exception {
        String bad = file("bad.yaml", GOLD.replace("\">= 5000\"", "\">= \""));

        CliRun run = cli("profiles", "apply", "-f", bad);

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains(bad, "profile #1 'gold'", "line 6", "error:",
                "extras.IOConnectivityLineOfService.MaxIOPS", "position");
        assertThat(cli("profiles", "list").out()).isEqualTo("no profiles under this prefix\n");
    }

    @Test
    void anOperatorThatCannotCompareTheReportedTypeRefusesThatProfileOnly() throws Exception {
        String f = file("p.yaml", SILVER + "---\nid: lists\nrequirements:\n"
                + "  extras.DataStorageLineOfService.ProvisioningPolicy: \">= 5\"\n");

        CliRun run = cli("profiles", "apply", "-f", f);

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains("profile #2 'lists'", "error:", "ProvisioningPolicy");
        assertThat(run.out()).contains("created profile silver").contains("refused 1");
        assertThat(cli("profiles", "list").out()).contains("silver").doesNotContain("lists");
    }

    @Test
    void aPathNoPoolReportsIsAWarningAndTheProfileIsApplied() throws Exception {
        CliRun run = cli("profiles", "apply", "-f", file("typo.yaml",
                "id: typo\nrequirements:\n  extras.IOConnectivityLineOfService.MaxIOPs: \">= 5000\"\n"));

        assertThat(run.exit()).as(run.toString()).isZero();
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains("warning:", "MaxIOPs", "extras.IOConnectivityLineOfService.MaxIOPS");
        assertThat(run.out()).contains("created profile typo");
    }

    @Test
    void badFilesAreOneLineUsageErrorsAndWriteNothing() throws Exception {
        List<CliRun> runs = new ArrayList<>();
        runs.add(cli("profiles", "apply", "-f", file("garbage.yaml", "%%% not yaml\n")));
        runs.add(cli("profiles", "apply", "-f", file("unknown.yaml", GOLD + "colour: gold\n")));
        runs.add(cli("profiles", "apply", "-f", file("dup.yaml", GOLD + "---\n" + GOLD)));
        runs.add(cli("profiles", "apply", "-f", dir.resolve("missing.yaml").toString()));

        assertThat(runs).allSatisfy(r -> {
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            CliRun.assertOneLine(r.err());
            assertThat(r.err()).startsWith("capreport profiles apply: " + dir);
        });
        assertThat(runs.get(0).err()).contains("not valid YAML at line 1");
        assertThat(runs.get(1).err()).contains("colour: unknown key");
        assertThat(runs.get(2).err()).contains("profile #2 'gold'", "also the id of profile #1");
        assertThat(runs.get(3).err()).contains("file not found");
        assertThat(cli("profiles", "list").out()).isEqualTo("no profiles under this prefix\n");
    }

    @Test
    void dryRunSaysWhatWouldHappenAndWritesNothing() throws Exception {
        CliRun run = cli("profiles", "apply", "-f", file("gold.yaml", GOLD), "--dry-run");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("would create profile gold", "nothing written");
        assertThat(cli("profiles", "list").out()).isEqualTo("no profiles under this prefix\n");
    }

    @Test
    void ifRevisionWithManyProfilesIsAUsageError() throws Exception {
        CliRun run = cli("profiles", "apply", "-f", file("p.yaml", GOLD + "---\n" + SILVER), "--if-revision", "5");

        assertThat(run.exit()).isEqualTo(2);
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains("holds 2 profiles");
    }

    @Test
    void deleteWithAStaleRevisionIsRefusedAndTheProfileStays() throws Exception {
        cli("profiles", "apply", "-f", file("gold.yaml", GOLD));
        long read = revisionIn(cli("profiles", "show", "gold").out());
        cli("profiles", "apply", "-f", file("gold2.yaml", GOLD.replace("\">= 500\"", "\">= 900\"")), "--force");
        long now = revisionIn(cli("profiles", "show", "gold").out());

        CliRun stale = cli("profiles", "delete", "gold", "--if-revision", String.valueOf(read));
        CliRun missing = cli("profiles", "delete", "silver");

        assertThat(stale.exit()).as(stale.toString()).isEqualTo(1);
        CliRun.assertOneLine(stale.err());
        assertThat(stale.err()).contains("profile gold was changed at revision " + now + " since you read it at revision "
                + read);
        assertThat(cli("profiles", "show", "gold").exit()).isZero();
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("profile silver does not exist");
        assertThat(cli("profiles", "delete", "gold", "--if-revision", String.valueOf(now)).exit()).isZero();
    }

    @Test
    void checkExitsZeroWhenEveryProfileHasAMatchingPool() throws Exception {
        cli("profiles", "apply", "-f", file("p.yaml", GOLD + "---\n" + SILVER));

        CliRun run = cli("profiles", "check");

        assertThat(run.exit()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).contains("PROFILE", "STATUS", "MATCHES", "BLOCKER", "SUGGESTION");
        assertThat(lines).filteredOn(l -> l.startsWith("gold ")).singleElement()
                .satisfies(l -> assertThat(l).contains("ok", "1 of 5"));
        assertThat(lines).filteredOn(l -> l.startsWith("silver ")).singleElement()
                .satisfies(l -> assertThat(l).contains("ok", "4 of 5"));
    }

    @Test
    void checkExitsOneWhenAProfileHasNoMatchingPoolAndNamesTheBlockerAndASuggestion() throws Exception {
        cli("profiles", "apply", "-f", Path.of(getClass().getResource("/fixtures/match/profiles.yaml").toURI()).toString());

        CliRun table = cli("profiles", "check");
        CliRun json = cli("profiles", "check", "--json");

        assertThat(table.exit()).as(table.toString()).isEqualTo(1);
        assertThat(table.out().lines()).filteredOn(l -> l.startsWith("platinum ")).singleElement()
                .satisfies(l -> assertThat(l).contains("NO MATCH", "0 of 5",
                        "extras.IOConnectivityLineOfService.MaxIOPS >= 50000", "admits"));
        assertThat(table.out()).contains("profile platinum: no pool serves it\n"
                + "  excludes every usable pool: IOConnectivityLineOfService.MaxIOPS >= 50000 (all 4 fail it)\n"
                + "  closest pools (fewest failing requirements):\n"
                + "    - node-a1/rbd-bulk lacks: MaxIOPS 3000 needs >= 50000\n");
        assertThat(json.exit()).isEqualTo(1);
        JsonNode root = Json.mapper().readTree(json.out());
        assertThat(root.get("revision").asLong()).isPositive();
        assertThat(root.get("profiles")).extracting(p -> p.get("id").asText() + "=" + p.get("matches").size())
                .containsExactly("gold=1", "platinum=0", "silver=3");
    }

    @Test
    void checkAndListAgainstUnreachableEtcdExitThree() {
        CliRun check = CliRun.of("profiles", "check", "--etcd", "http://127.0.0.1:1", "--timeout", "2s");
        CliRun apply = CliRun.of("profiles", "apply", "-f", file("gold.yaml", GOLD), "--etcd", "http://127.0.0.1:1",
                "--timeout", "2s");

        for (CliRun r : List.of(check, apply)) {
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            CliRun.assertOneLine(r.err());
            assertThat(r.err()).contains("http://127.0.0.1:1");
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private CliRun cli(String... args) {
        return CliRun.against(prefix, args);
    }

    private String file(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long revisionIn(String shown) {
        Matcher m = REVISION.matcher(shown);
        assertThat(m.find()).as("a revision line in: %s", shown).isTrue();
        return Long.parseLong(m.group(1));
    }
}
