package com.capreport.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.TestEtcd;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.options.GetOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bench's smoke run (a few docks, a few seconds) so it cannot rot: every figure is there, the
 * unchanged cycles wrote nothing, the naive mode rewrote every pool, the dead were seen, and the
 * bench's prefix is empty again. Speed is never asserted here.
 */
class BenchSmokeIT {

    /** A private etcd without compaction keeps every revision: the db in use can only grow with the writes. */
    @Test
    void withoutCompactionThePrivateEtcdsDbGrows() throws Exception {
        CliRun run = CliRun.of("bench", "--docks", "3", "--pools-per-dock", "3", "--interval", "1s", "--duration", "2s",
                "--lease-ttl", "2s", "--kill", "0", "--no-naive", "--ingest", "0", "--rss", "0", "--change-rate", "20",
                "--db-window", "5s", "--no-compaction", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.path("options").path("compaction").asText()).isEqualTo("off (--no-compaction)");
        JsonNode inUse = null;
        for (JsonNode f : root.path("figures")) {
            if (f.path("name").asText().equals("etcd db growth per hour, in use (diff writes)")) {
                inUse = f;
            }
        }
        assertThat(inUse).as(run.out()).isNotNull();
        assertThat(inUse.path("value").asDouble()).as(inUse.toString()).isPositive();
        assertThat(inUse.path("note").asText()).contains("compaction: off");
    }

    @Test
    void tinyRunReportsEveryFigureAndCleansUp() throws Exception {
        String prefix = TestEtcd.uniquePrefix("bench-smoke");
        CliRun run = CliRun.against(prefix, "bench", "--docks", "6", "--pools-per-dock", "3", "--interval", "1s",
                "--duration", "3s", "--lease-ttl", "2s", "--kill", "1", "--change-rate", "10", "--ingest", "200",
                "--profiles", "5", "--rss", "2s", "--db-window", "3s", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.path("machine").path("cpus").asText()).isNotBlank();
        assertThat(root.path("options").path("docks").asText()).isEqualTo("6");
        Map<String, JsonNode> byName = new HashMap<>();
        root.path("figures").forEach(f -> byName.put(f.path("name").asText(), f));

        JsonNode unchanged = byName.get("pool writes per unchanged cycle (diff writes)");
        assertThat(unchanged.path("value").asDouble()).isZero();
        assertThat(unchanged.path("verdict").asText()).isEqualTo("met");
        assertThat(byName.get("pool writes per unchanged cycle (naive: rewrite every pool)").path("value").asDouble())
                .isBetween(2.0, 4.0); // 3 pools; a cycle straddling a window edge moves it a little
        assertThat(byName.get("naive ÷ diff etcd writes/s").path("value").asDouble()).isGreaterThan(1);
        assertThat(byName.get("raw etcd put → watch event (floor, same run)").path("count").asInt()).isPositive();
        assertThat(byName.get("backend change discovered → model holds it (6 docks × 3 pools)").path("count").asInt())
                .isPositive();
        assertThat(byName.get("dock crashed (lease left to expire) → model: dead").path("count").asInt()).isEqualTo(1);
        assertThat(byName.get("dock lease revoked → model: dead").path("count").asInt()).isEqualTo(1);
        assertThat(byName.get("loop hung → model: dead report thread").path("count").asInt()).isEqualTo(1);

        JsonNode inUse = byName.get("etcd db growth per hour, in use (diff writes)");
        assertThat(inUse.path("unit").asText()).isEqualTo("MiB/h");
        assertThat(inUse.path("note").asText()).contains("over 3s").contains("compaction: the cluster's own");
        assertThat(byName.get("etcd db growth per hour, file on disk (diff writes)").path("note").asText())
                .contains("MiB on disk");
        assertThat(root.path("options").path("dbWindow").asText()).isEqualTo("3s");
        assertThat(byName.get("model ingest 200 pools").path("count").asInt()).isPositive();
        assertThat(byName.keySet()).anyMatch(n -> n.startsWith("match 5 profiles × 200 pools"));
        assertThat(byName.get("agent RSS, 3 backends").path("median").asDouble()).isBetween(20.0, 4000.0);

        long left = EtcdClients.await(TestEtcd.client().getKVClient().get(EtcdClients.bytes(prefix),
                GetOption.builder().isPrefix(true).withCountOnly(true).build()), java.time.Duration.ofSeconds(5), "count")
                .getCount();
        assertThat(left).as("keys left under " + prefix).isZero();
    }

    @Test
    void refusesAPrefixThatHoldsKeys() throws Exception {
        String prefix = TestEtcd.uniquePrefix("bench-busy");
        TestEtcd.put(TestEtcd.client(), prefix + "/docks/x/spec", "{}".getBytes());
        CliRun run = CliRun.against(prefix, "bench", "--docks", "2");
        assertThat(run.exit()).isEqualTo(2);
        CliRun.assertOneLine(run.err());
        assertThat(run.err()).contains("prefix " + prefix + " holds 1 key(s)").contains("unused --prefix");
    }

    @Test
    void badOptionsGetOneLineNamingTheOption() {
        for (String[] args : new String[][] {{"--docks", "0"}, {"--lease-ttl", "1500ms"}, {"--interval", "soon"},
            {"--change-rate", "-1"}, {"--pools-per-dock", "5000"}, {"--ingest", "5"}, {"--rss", "later"}}) {
            CliRun run = CliRun.against(TestEtcd.uniquePrefix("bench-bad"), concat("bench", args));
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            CliRun.assertOneLine(run.err());
            assertThat(run.err()).contains(args[0]);
        }
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
