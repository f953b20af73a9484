package com.capreport.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.testing.TestEtcd;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bench phases at toy size against a real etcd (and, for the RSS phase, a real agent process):
 * they return the figures the table expects and leave nothing behind. Not a benchmark: the values
 * are only checked for sanity.
 */
@Timeout(120)
class BenchPhasesIT {
    private final StringWriter out = new StringWriter();
    private final PrintWriter progress = new PrintWriter(out, true);

    private static long keysUnder(String prefix) throws Exception {
        try (Client c = TestEtcd.client()) {
            return c.getKVClient().get(EtcdClients.bytes(prefix + "/"),
                    GetOption.builder().isPrefix(true).withCountOnly(true).build()).get().getCount();
        }
    }

    private static Map<String, Figure> byName(List<Figure> figures) {
        return figures.stream().collect(Collectors.toMap(Figure::name, Function.identity()));
    }

    @Test
    void ingestPhaseMeasuresTheModelAndMatchingAndDeletesItsPrefix() throws Exception {
        String prefix = TestEtcd.uniquePrefix("ingest");
        EtcdConnection etcd = EtcdConnection.plain(List.of(TestEtcd.endpoint()), prefix);

        Map<String, Figure> f = byName(new IngestPhase(etcd, progress).run(300, 5));

        assertThat(f).containsKeys("seed 300 pools into etcd", "model ingest 300 pools", "model heap for 300 pools",
                "match 5 profiles × 300 pools, full (sync + 5 reports)",
                "match 5 profiles × 300 pools, after one pool changed (sync + 5 counts)",
                "one pool change: etcd put → model holds it, 300 pools");
        Samples.Stats ingest = f.get("model ingest 300 pools").stats().orElseThrow();
        assertThat(ingest.count()).isEqualTo(3);
        assertThat(ingest.median()).isPositive();
        assertThat(f.get("model ingest 300 pools").unit()).isEqualTo("s");
        assertThat(f.get("model heap for 300 pools").value()).isFinite();
        Samples.Stats full = f.get("match 5 profiles × 300 pools, full (sync + 5 reports)").stats().orElseThrow();
        assertThat(full.count()).isPositive();
        assertThat(full.median()).isPositive();
        Samples.Stats change = f.get("match 5 profiles × 300 pools, after one pool changed (sync + 5 counts)").stats()
                .orElseThrow();
        assertThat(change.count()).isPositive();
        assertThat(change.median()).isPositive();
        assertThat(f.get("seed 300 pools into etcd").value()).isPositive();
        assertThat(out.toString()).contains("seeding 300 pools");
        assertThat(keysUnder(prefix + "/ingest-300")).as("the sub-prefix is deleted").isZero();
        assertThat(keysUnder(prefix)).as("nothing left under the bench prefix").isZero();
    }

    @Test
    void ingestPhaseNamesAnUnreachableEtcdInOneLine() {
        EtcdConnection etcd = EtcdConnection.plain(List.of("http://127.0.0.1:1"), "/bench-unreachable");

        assertThatThrownBy(() -> new IngestPhase(etcd, progress).run(20, 1))
                .hasMessageContaining("ingest: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void agentRssPhaseSamplesARealAgentAndCleansUp() throws Exception {
        String prefix = TestEtcd.uniquePrefix("rss");
        EtcdConnection etcd = EtcdConnection.plain(List.of(TestEtcd.endpoint()), prefix);

        // java.class.path here is surefire's manifest-only booter jar; its Class-Path names the
        // real test class path, so the agent's JVM starts from it as from the real one.
        List<Figure> figures = new AgentRssPhase(etcd, progress).run(Duration.ofSeconds(3));

        assertThat(figures).hasSize(1);
        Figure rss = figures.get(0);
        assertThat(rss.name()).isEqualTo("agent RSS, 3 backends");
        assertThat(rss.unit()).isEqualTo("MiB");
        Samples.Stats s = rss.stats().orElseThrow();
        assertThat(s.count()).isGreaterThanOrEqualTo(10);
        assertThat(s.median()).isBetween(30.0, 2000.0);
        assertThat(keysUnder(prefix + "/rss")).as("the agent's prefix is deleted").isZero();
    }
}
