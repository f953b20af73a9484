package com.capreport.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.Fixtures;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.Snapshot;
import io.etcd.jetcd.Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options and config refused at the edge, in one line with exit 2, as an admin mistypes them
 * (issue 13, item 6): prefixes that are not a key path, durations past their bounds, a port out of
 * range, a profile with more requirements than the matcher holds. A real etcd holds the fixture
 * estate, so nothing is refused merely because etcd is absent.
 */
@Tag("integration")
@Timeout(60)
class EdgeValidationCliIT {
    /** Each was silently read as /capreport/v1 before ("/", "" and U+0001 alike). */
    private static final List<String> BAD_PREFIXES = List.of("/", "", "\u0001", "///", "/capreport\u0001/v1",
            "capreport/v1", "/a//b", "/a/../b", "/with space");

    @TempDir
    Path dir;

    @Test
    void aPrefixThatIsNotAKeyPathIsRefusedInOneLineByEveryCommand() throws Exception {
        String real = seededPrefix("bad-prefix");
        for (String bad : BAD_PREFIXES) {
            for (String[] command : List.of(new String[] {"pools"}, new String[] {"docks"},
                    new String[] {"profiles", "list"}, new String[] {"export", "-o", dir.resolve("x.json").toString()},
                    new String[] {"bench", "--docks", "1"})) {
                CliRun run = CliRun.against(bad, command);
                String what = String.join(" ", command) + " --prefix '" + bad + "'";
                assertThat(run.exit()).as("%s: %s", what, run).isEqualTo(ExitCodes.USAGE);
                CliRun.assertOneLine(run.err());
                assertThat(run.err()).as(what).contains("--prefix: ");
                assertThat(run.out()).as(what).isEmpty();
            }
        }
        assertThat(Files.exists(dir.resolve("x.json"))).isFalse();
        assertThat(CliRun.against("/", "pools").err()).contains("root of etcd");
        // The control character is named, not echoed onto the admin's terminal.
        assertThat(CliRun.against("\u0001", "pools").err()).contains("U+0001").doesNotContain("\u0001");
        // A trailing slash is the same prefix, and still reads the estate.
        CliRun slash = CliRun.against(real + "/", "pools");
        assertThat(slash.exit()).as(slash.toString()).isZero();
        assertThat(slash.out()).contains("rbd-");
    }

    @Test
    void anAgentConfigWithARootOrControlPrefixFailsCheckNamingTheKey() throws Exception {
        for (String bad : List.of("/", "", "\\u0001", "capreport/v1")) {
            Path cfg = config("etcd: { endpoints: [\"" + TestEtcd.endpoint() + "\"], prefix: \"" + bad + "\" }\n");

            CliRun run = CliRun.of("agent", "--check", "-c", cfg.toString());

            assertThat(run.exit()).as("prefix '%s': %s", bad, run).isEqualTo(ExitCodes.USAGE);
            CliRun.assertOneLine(run.err());
            assertThat(run.err()).contains(cfg + ": etcd.prefix: ");
        }
    }

    @Test
    void durationsBeyondTheirBoundsFailCheckNamingTheKeyAndTheBound() throws Exception {
        Map<String, String> cases = Map.of(
                "discovery: { interval: 9999999999999d }\n", "discovery.interval: '9999999999999d' is out of range: "
                        + "between 1s and 7d",
                "discovery: { leaseTtl: 99999999999s }\n", "discovery.leaseTtl: '99999999999s' is out of range: "
                        + "between 2s and 1h",
                "discovery: { timeout: 2h }\n", "discovery.timeout: '2h' is out of range: between 100ms and 1h",
                "discovery: { retention: 400d }\n", "discovery.retention: '400d' is out of range: between 1s and 365d",
                "discovery: { interval: 99999999999999999999d }\n", "discovery.interval: '99999999999999999999d' is "
                        + "too large: at most 7d",
                "discovery: { interval: 500ms }\n", "discovery.interval: '500ms' is out of range: between 1s and 7d");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path cfg = config(c.getKey());

            CliRun run = CliRun.of("agent", "--check", "-c", cfg.toString());

            assertThat(run.exit()).as("%s: %s", c.getKey(), run).isEqualTo(ExitCodes.USAGE);
            CliRun.assertOneLine(run.err());
            assertThat(run.err().strip()).isEqualTo("capreport agent: " + cfg + ": " + c.getValue());
        }
        Path perBackend = dir.resolve("backend.yaml");
        Files.writeString(perBackend, Configs.yaml(TestEtcd.endpoint(), "/capreport/v1", "node-1", "interval: 60s",
                Configs.simBackend("lab-a", "p1").replace("driver: sim\n", "driver: sim\n    interval: 8d\n")));
        CliRun run = CliRun.of("agent", "--check", "-c", perBackend.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("backends[0].interval: '8d' is out of range: between 1s and 7d");
        CliRun ok = CliRun.of("agent", "--check", "-c", config("discovery: { interval: 7d, leaseTtl: 1h, timeout: 1h, "
                + "retention: 365d }\n").toString());
        assertThat(ok.exit()).as(ok.toString()).isZero();
    }

    @Test
    void aPortOutOfRangeIsAUsageErrorNotAnUnexpectedOne() throws Exception {
        CliRun run = CliRun.of("pools", "--etcd", "http://127.0.0.1:99999");

        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains("http://127.0.0.1:99999", "port 99999 is out of range (1-65535)")
                .doesNotContain("unexpected", "internal");
        Path cfg = dir.resolve("port.yaml");
        Files.writeString(cfg, Configs.yaml("http://127.0.0.1:99999", "/capreport/v1", "node-1", "interval: 60s",
                Configs.simBackend("lab-a", "p1")));
        CliRun check = CliRun.of("agent", "--check", "-c", cfg.toString());
        assertThat(check.exit()).as(check.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(check.err()).contains("etcd.endpoints: ", "port 99999 is out of range");
    }

    @Test
    void aTimeoutBeyondAnHourIsRefusedInOneLine() {
        CliRun run = CliRun.against("/capreport/v1", "pools", "--timeout", "9999999999999d");

        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains("--timeout: '9999999999999d' is out of range: between 1ms and 1h");
    }

    @Test
    void aProfileWithMoreRequirementsThanTheLimitGetsOneErrorAndNoWarningPerRequirement() throws Exception {
        String prefix = seededPrefix("too-many");
        StringBuilder yaml = new StringBuilder("id: huge\nrequirements:\n");
        for (int i = 0; i < 40; i++) {
            yaml.append("  extras.Nobody.Reports").append(i).append(": \">= 1\"\n");
        }
        Path file = Files.writeString(dir.resolve("huge.yaml"), yaml);

        CliRun run = CliRun.against(prefix, "profiles", "apply", "-f", file.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains("40 requirements; a profile holds at most 31");
        assertThat(CliRun.against(prefix, "profiles", "list").out()).doesNotContain("huge");
    }

    private String seededPrefix(String name) throws Exception {
        String prefix = TestEtcd.uniquePrefix("edge-" + name);
        Snapshot fixture = Json.decode(Fixtures.read("match/snapshot.json"), Snapshot.class, "match/snapshot.json");
        try (Client c = TestEtcd.client()) {
            TestEtcd.seed(c, new KeyLayout(prefix), fixture);
        }
        return prefix;
    }

    /** A valid agent config plus {@code extra} top-level YAML (a later key replaces an earlier one). */
    private Path config(String extra) throws Exception {
        String base = Configs.yaml(TestEtcd.endpoint(), "/capreport/v1", "node-1", "interval: 60s",
                Configs.simBackend("lab-a", "p1"));
        String yaml;
        if (extra.startsWith("discovery:")) {
            yaml = base.replace("discovery: { interval: 60s }\n", extra);
        } else {
            yaml = base.replaceAll("(?m)^etcd: .*\n", java.util.regex.Matcher.quoteReplacement(extra));
        }
        Path cfg = dir.resolve("agent-" + Integer.toHexString(extra.hashCode()) + ".yaml");
        Files.writeString(cfg, yaml);
        return cfg;
    }
}
