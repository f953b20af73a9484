package com.capreport.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EstateReader;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Estate;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No key can blind the readers (issue 13, item 3): 50 values of 1.4 MB under one dock's pool prefix
 * — 70 MB, more than one gRPC answer may hold — do not make {@code pools}, {@code docks},
 * {@code export} or an agent's start fail: readers page by bytes, and each oversized value is listed
 * as invalid with its key and size. Real etcd.
 */
@Timeout(120)
class OversizedValuesIT {
    private static final int COUNT = 50;
    private static final int SIZE = 1_400_000; // below etcd's default --max-request-bytes (1.5 MiB)
    private Client client;
    private String prefix;
    private KeyLayout layout;
    private Agent agent;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        client = TestEtcd.client();
        prefix = TestEtcd.uniquePrefix(info.getTestMethod().orElseThrow().getName());
        layout = new KeyLayout(prefix);
        byte[] big = new byte[SIZE];
        Arrays.fill(big, (byte) 'x');
        for (int i = 0; i < COUNT; i++) {
            client.getKVClient().put(EtcdClients.bytes(layout.pool("node-o", String.format("big-%02d", i))),
                    ByteSequence.from(big)).get(10, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        client.getKVClient().delete(EtcdClients.bytes(prefix), io.etcd.jetcd.options.DeleteOption.builder()
                .isPrefix(true).build()).get(10, TimeUnit.SECONDS);
        client.close();
    }

    @Test
    void theAgentStartsOnTopOfThemAndTheCliListsThemAsInvalidWithKeyAndSize(@TempDir Path dir) throws Exception {
        agent = Agent.start(Configs.parse(Configs.yaml(TestEtcd.endpoint(), prefix, "node-o",
                "interval: 1s, timeout: 1s, leaseTtl: 3s", Configs.simBackend("lab", "p1", "p2"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> EstateReader.read(client, layout, Duration.ofSeconds(10))
                .pools().size() == 2);

        Estate e = EstateReader.read(client, layout, Duration.ofSeconds(10));
        assertThat(e.invalid()).hasSize(COUNT).allSatisfy(i -> assertThat(i.error())
                .isEqualTo(i.key() + ": 1.34 MiB: above the 256 KiB a document may have; not read"));
        assertThat(e.invalid().get(0).key()).isEqualTo(layout.pool("node-o", "big-00"));

        CliRun pools = CliRun.against(prefix, "pools");
        assertThat(pools.out()).as(pools.toString()).contains("p1", "p2").contains(COUNT + " invalid entries")
                .contains(layout.pool("node-o", "big-07")).contains("1.34 MiB");
        CliRun docks = CliRun.against(prefix, "docks");
        assertThat(docks.out()).as(docks.toString()).contains("node-o");
        Path out = dir.resolve("estate.json");
        CliRun export = CliRun.against(prefix, "export", "-o", out.toString());
        assertThat(export.exit()).as(export.toString()).isZero();
        assertThat(Files.readString(out)).contains("\"p1\"", "\"p2\"");
    }

    @Test
    void theAgentDoesNotWriteAPoolDocumentAboveTheLimitAndWritesTheOthers() throws Exception {
        String huge = "y".repeat(Estate.MAX_DOCUMENT_BYTES + 1);
        String backends = "  - name: lab\n    driver: sim\n    pools:\n"
                + "      - { name: fine, totalCapacity: 100, freeCapacity: 50 }\n"
                + "      - { name: bloated, totalCapacity: 100, freeCapacity: 50, extras: { note: \"" + huge + "\" } }\n";
        agent = Agent.start(Configs.parse(Configs.yaml(TestEtcd.endpoint(), prefix, "node-w",
                "interval: 1s, timeout: 1s, leaseTtl: 3s", backends)));
        await().atMost(Duration.ofSeconds(20)).until(() -> EstateReader.read(client, layout, Duration.ofSeconds(10))
                .pools().stream().anyMatch(p -> p.name().equals("fine")));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true); // two more cycles
        Estate e = EstateReader.read(client, layout, Duration.ofSeconds(10));
        assertThat(e.pools()).extracting(p -> p.name()).containsExactly("fine");
        assertThat(e.invalid()).noneMatch(i -> i.key().startsWith(layout.poolsPrefix("node-w")));
    }

    @Test
    void aClientWithGrpcsDefaultLimitShrinksItsPagesDownToOneKey() throws Exception {
        // 4 MiB per answer: three of these values already do not fit in one page.
        try (Client small = Client.builder().endpoints(TestEtcd.endpoint()).build()) {
            Estate e = EstateReader.read(small, layout, Duration.ofSeconds(20));
            assertThat(e.invalid()).hasSize(COUNT);
        }
    }
}
