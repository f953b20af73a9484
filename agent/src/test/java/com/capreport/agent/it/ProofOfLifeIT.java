package com.capreport.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EstateReader;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.DockProof;
import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolStanding;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14 item 4: a lease kept alive by someone else does not keep a dead dock "alive". The agent
 * rewrites {@code docks/{id}/proof} every proof period (2 s here); after the agent dies abruptly
 * (nothing revoked, as after kill -9), a second etcd client keeps the dock's process lease alive
 * with a keep-alive stream (etcd does not check it against roles) and the reader says "alive
 * (unverified)" within two periods plus the slack, never plain alive. Real etcd.
 */
@Timeout(120)
class ProofOfLifeIT {
    private static final String DOCK = "node-p";
    private Client client;
    private Client intruder;
    private String prefix;
    private KeyLayout layout;
    private Agent agent;
    private CloseableClient keepAlive;

    @BeforeEach
    void setUp(TestInfo info) {
        client = TestEtcd.client();
        intruder = TestEtcd.client();
        prefix = TestEtcd.uniquePrefix(info.getTestMethod().orElseThrow().getName());
        layout = new KeyLayout(prefix);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (keepAlive != null) {
            keepAlive.close();
        }
        if (agent != null) {
            agent.close();
        }
        client.getKVClient().delete(EtcdClients.bytes(prefix), io.etcd.jetcd.options.DeleteOption.builder()
                .isPrefix(true).build()).get(10, TimeUnit.SECONDS);
        client.close();
        intruder.close();
    }

    private KeyValue get(String key) throws Exception {
        var kvs = client.getKVClient().get(EtcdClients.bytes(key)).get(10, TimeUnit.SECONDS).getKvs();
        return kvs.isEmpty() ? null : kvs.get(0);
    }

    @Test
    void aLeaseKeptAliveBySomeoneElseMakesTheDockUnverifiedWithinTwoPeriods() throws Exception {
        agent = Agent.start(Configs.parse(Configs.yaml(TestEtcd.endpoint(), prefix, DOCK,
                "interval: 1s, timeout: 1s, leaseTtl: 3s, proofPeriod: 2s", Configs.simBackend("lab", "p1"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> EstateReader.read(client, layout, Duration.ofSeconds(10))
                .pools().size() == 1);

        // Written at the claim, then again every period, bound to the process lease.
        KeyValue first = get(layout.proof(DOCK));
        assertThat(first).isNotNull();
        DockProof p0 = Json.decode(first.getValue().getBytes(), DockProof.class, "proof");
        assertThat(p0.period()).isEqualTo(Duration.ofSeconds(2));
        long lease = get(layout.alive(DOCK)).getLease();
        assertThat(first.getLease()).isEqualTo(lease);
        await().atMost(Duration.ofSeconds(10)).until(() -> Json.decode(get(layout.proof(DOCK)).getValue().getBytes(),
                DockProof.class, "proof").at().isAfter(p0.at().plusMillis(1500)));

        // A proof someone deleted comes back (the heartbeat's own-keys check, or the next period).
        client.getKVClient().delete(EtcdClients.bytes(layout.proof(DOCK))).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(layout.proof(DOCK)) != null);

        CliRun healthy = CliRun.against(prefix, "docks");
        assertThat(healthy.exit()).as(healthy.toString()).isZero();
        assertThat(healthy.out()).contains("dock " + DOCK + ": alive (host").doesNotContain("unverified");

        // The agent dies as after kill -9; someone else keeps its process lease alive.
        agent.crash();
        agent = null;
        AtomicLong renewals = new AtomicLong();
        keepAlive = intruder.getLeaseClient().keepAlive(lease, new StreamObserver<LeaseKeepAliveResponse>() {
            @Override
            public void onNext(LeaseKeepAliveResponse r) {
                renewals.incrementAndGet();
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        Instant died = Instant.now();

        // Two periods plus the slack after the last proof: unverified, and the key is still there (the lease lives).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> CliRun.against(prefix, "docks").exit() == 1);
        assertThat(Duration.between(died, Instant.now())).isGreaterThan(Duration.ofSeconds(3)); // not before 2 periods
        assertThat(renewals.get()).isPositive();
        assertThat(get(layout.alive(DOCK))).as("alive still held by the kept lease").isNotNull();
        CliRun unverified = CliRun.against(prefix, "docks");
        assertThat(unverified.exit()).as(unverified.toString()).isEqualTo(1);
        assertThat(unverified.out()).as(unverified.toString())
                .contains("dock " + DOCK + ": alive (unverified: no proof of life written since ")
                .contains("its lease may be kept alive by someone else");
        assertThat(unverified.err()).contains("alive (unverified): " + DOCK);

        Estate e = EstateReader.read(client, layout, Duration.ofSeconds(10)).withProofsJudged(Instant.now());
        Estate.DockView d = e.dock(DOCK).orElseThrow();
        assertThat(d.liveness()).isEqualTo(Estate.Liveness.ALIVE);
        assertThat(d.proofOfLife()).isEqualTo(Estate.ProofOfLife.STALE);
        assertThat(e.standing(e.pools().get(0)).kind()).isEqualTo(PoolStanding.Kind.NOT_CURRENT_DOCK_UNVERIFIED);
    }
}
