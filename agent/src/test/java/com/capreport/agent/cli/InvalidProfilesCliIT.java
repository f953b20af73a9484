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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12 / 13 item 5 for profiles: an admin wrote six profile keys, three of which cannot be used
 * ({@code bad-op}: valid JSON whose requirements do not parse; {@code broken}: not JSON;
 * {@code mismatch}: the id inside is not the key's). {@code profiles list} and {@code profiles
 * check} list all six, mark those three INVALID with every error, never claim "0 of 0" for a
 * profile that was not matched, count them on stderr in one line and exit 1.
 */
@Tag("integration")
@Timeout(60)
class InvalidProfilesCliIT {
    static final String BAD_OP = "{\"id\":\"bad-op\",\"name\":\"Bad operator\",\"requirements\":"
            + "{\"freeCapacity\":\">= lots\",\"extras.X.Y\":\"<in>\"}}";

    private String prefix;
    private KeyLayout layout;

    @BeforeEach
    void seed(TestInfo info) throws Exception {
        prefix = TestEtcd.uniquePrefix("badprof-" + info.getTestMethod().orElseThrow().getName());
        layout = new KeyLayout(prefix);
        Snapshot fixture = Json.decode(Fixtures.read("match/snapshot.json"), Snapshot.class, "match/snapshot.json");
        try (Client c = TestEtcd.client()) {
            TestEtcd.seed(c, layout, fixture);
        }
        CliRun apply = CliRun.against(prefix, "profiles", "apply", "-f",
                Path.of(getClass().getResource("/fixtures/match/profiles.yaml").toURI()).toString());
        assertThat(apply.exit()).as(apply.toString()).isZero();
        put(layout.profile("bad-op"), BAD_OP);
        put(layout.profile("broken"), "{\"id\": \"broken\", requirements: 1}");
        put(layout.profile("mismatch"), "{\"id\":\"other-id\",\"requirements\":{\"freeCapacity\":\">= 1\"}}");
    }

    @Test
    void listShowsAllSixMarksTheThreeInvalidWithEveryErrorAndExitsOne() {
        CliRun list = CliRun.against(prefix, "profiles", "list");

        assertThat(list.exit()).as(list.toString()).isEqualTo(ExitCodes.PROBLEM);
        CliRun.assertOneLine(list.err());
        assertThat(list.err()).isEqualTo("capreport profiles list: 3 of 6 profiles are invalid (2 unreadable); "
                + "their errors are listed after the table (exit 1)\n");
        List<String> lines = list.out().lines().toList();
        assertThat(lines.get(0)).contains("ID", "STATUS", "NAME", "REVISION");
        assertThat(row(lines, "bad-op")).contains("INVALID", "Bad operator");
        assertThat(row(lines, "broken")).contains("INVALID (unreadable)");
        assertThat(row(lines, "mismatch")).contains("INVALID (unreadable)");
        for (String ok : List.of("gold", "silver", "platinum")) {
            assertThat(row(lines, ok)).doesNotContain("INVALID").contains(" ok ");
        }
        assertThat(list.out()).contains("3 of 6 profiles are invalid, matched against nothing")
                .contains("    error: freeCapacity: '>=' needs a number, found 'lots'")
                .contains("    error: extras.X.Y: '<in>' needs a value")
                .contains("  broken (unreadable) at revision ").contains("error: " + layout.profile("broken") + ": ")
                .contains("the document says profile other-id");
    }

    @Test
    void listJsonKeepsTheReadableProfilesAndListsEveryInvalidOneWithItsErrors() throws Exception {
        CliRun list = CliRun.against(prefix, "profiles", "list", "--json");

        assertThat(list.exit()).as(list.toString()).isEqualTo(ExitCodes.PROBLEM);
        CliRun.assertOneLine(list.err());
        assertThat(list.err()).contains("3 of 6 profiles are invalid", "'invalid' array");
        JsonNode root = Json.mapper().readTree(list.out());
        assertThat(root.get("profiles")).extracting(p -> p.get("id").asText())
                .containsExactly("bad-op", "gold", "platinum", "silver");
        assertThat(root.get("invalid")).extracting(n -> n.get("id").asText() + ":" + n.get("readable").asBoolean()
                + ":" + n.get("errors").size()).containsExactly("bad-op:true:2", "broken:false:1", "mismatch:false:1");
    }

    @Test
    void checkSaysInvalidNotMatchedWithEveryErrorUnderTheTableAndExitsOne() {
        CliRun check = CliRun.against(prefix, "profiles", "check");

        assertThat(check.exit()).as(check.toString()).isEqualTo(ExitCodes.PROBLEM);
        CliRun.assertOneLine(check.err());
        assertThat(check.err()).isEqualTo("capreport profiles check: 3 of 6 profiles are invalid and not matched "
                + "(2 unreadable); their errors are listed after the table (exit 1)\n");
        List<String> lines = check.out().lines().toList();
        assertThat(row(lines, "bad-op")).contains("INVALID (2 errors)", "not matched").doesNotContain("0 of 0")
                .doesNotContain("needs a number");
        assertThat(row(lines, "broken")).contains("INVALID (unreadable)", "not matched");
        assertThat(row(lines, "mismatch")).contains("INVALID (unreadable)", "not matched");
        assertThat(row(lines, "gold")).contains("ok", "1 of 5");
        assertThat(check.out()).doesNotContain("0 of 0")
                .contains("profile bad-op is invalid, not matched against any pool:\n"
                        + "  error: freeCapacity: '>=' needs a number, found 'lots'")
                .contains("  error: extras.X.Y: '<in>' needs a value")
                .contains("profile mismatch is invalid, not matched: its key holds no readable profile\n  error: "
                        + layout.profile("mismatch") + ": the document says profile other-id")
                .contains("profile broken is invalid, not matched");
    }

    @Test
    void checkJsonListsTheUnreadableKeysAndExitsOne() throws Exception {
        CliRun check = CliRun.against(prefix, "profiles", "check", "--json");

        assertThat(check.exit()).as(check.toString()).isEqualTo(ExitCodes.PROBLEM);
        CliRun.assertOneLine(check.err());
        JsonNode root = Json.mapper().readTree(check.out());
        assertThat(root.get("invalid")).extracting(n -> n.get("id").asText()).containsExactly("broken", "mismatch");
        assertThat(root.get("profiles")).filteredOn(p -> p.get("id").asText().equals("bad-op")).singleElement()
                .satisfies(p -> assertThat(p.get("errors")).hasSize(2));
    }

    @Test
    void withTheThreeRemovedListAndCheckAnswerWithoutComplaint() {
        for (String id : List.of("bad-op", "broken", "mismatch")) {
            CliRun d = CliRun.against(prefix, "profiles", "delete", id);
            assertThat(d.exit()).as(d.toString()).isZero();
        }
        CliRun list = CliRun.against(prefix, "profiles", "list");
        CliRun check = CliRun.against(prefix, "profiles", "check");

        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.err()).isEmpty();
        assertThat(list.out()).doesNotContain("INVALID");
        // platinum has no pool: the check's own answer, not an invalid-profile complaint.
        assertThat(check.exit()).as(check.toString()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(check.err()).isEmpty();
    }

    private static String row(List<String> lines, String id) {
        return lines.stream().filter(l -> l.startsWith(id + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + id + " in\n" + String.join("\n", lines)));
    }

    private static void put(String key, String value) throws Exception {
        try (Client c = TestEtcd.client()) {
            TestEtcd.put(c, key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
