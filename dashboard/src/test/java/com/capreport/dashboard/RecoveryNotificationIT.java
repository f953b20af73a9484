package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.events.NotificationBook;
import com.capreport.model.AckTarget;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A recovery is good news, not an alarm: when a failing backend reports again, or an unmet profile
 * matches again, the source's notification card turns from an error card into a "recovered"
 * information card (its colour and badge change, no "Acknowledge…") that goes away by itself; the
 * Events entry is information; the Events badge no longer counts the source. Real etcd, a real
 * in-process agent with sim backends, the cards on screen, 1280×720.
 */
@ExtendWith(ApplicationExtension.class)
class RecoveryNotificationIT {
    static final Path SHOTS = DashboardIT.SHOTS;
    static final String SOURCES = "extras.DataStorageLineOfService.RecoverableCapacitySourceCount";
    static final AckTarget FLAKY = new AckTarget.Loop("node-1", "flaky-sim");
    static ManagedEtcd etcd;

    final String prefix = "/r-" + UUID.randomUUID().toString().substring(0, 8);
    final KeyLayout layout = new KeyLayout(prefix);
    Agent agent;
    DashboardApp app;
    Stage stage;
    Client client;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = ManagedEtcd.start();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), prefix),
                Optional.empty(), Optional.empty(), DashboardOptions.View.POOLS, 1280, 720, true));
        app.start(stage);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (agent != null) {
            TestEstate.sim(agent, "flaky-sim").setMode(SimDriver.Mode.OK, null);
            agent.close();
        }
        if (client != null) {
            client.close();
        }
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
    }

    private void estate() throws Exception {
        agent = TestEstate.startAgent(etcd, prefix, "node-1", "interval: 60s, leaseTtl: 5s",
                "  - name: flaky-sim\n    driver: sim\n    pools:\n"
                        + "      - { name: scratch-1, totalCapacity: 500, freeCapacity: 250 }\n"
                        + TestEstate.cephLike("ceph-1"));
        client = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), prefix));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 2
                && health("flaky-sim") == Estate.LoopHealth.RUNNING);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private Estate.LoopHealth health(String backend) throws Exception {
        return fx(() -> app.docksModel().docks().stream().filter(d -> d.dockId().equals("node-1")).findFirst()
                .flatMap(d -> d.loops().stream().filter(l -> l.backend().equals(backend)).findFirst())
                .map(l -> l.health()).orElse(null));
    }

    /** The card about {@code source} on screen, if any. */
    private Optional<Node> card(AckTarget source) throws Exception {
        return fx(() -> stage.getScene().getRoot().lookupAll(".notification-card").stream()
                .filter(n -> n.isVisible() && source.equals(n.getUserData())).findFirst());
    }

    /** The card's badge word, its style classes, its text and whether it offers "Acknowledge…". */
    private record Shown(String badge, List<String> styles, String text, boolean ackLink) {
    }

    private Shown shown(Node card) throws Exception {
        return fx(() -> new Shown(((Labeled) card.lookup(".status-badge")).getText(), List.copyOf(card.getStyleClass()),
                ((Labeled) card.lookup(".notification-text")).getText(), card.lookup(".notification-ack") != null));
    }

    private String navEvents() throws Exception {
        return fx(() -> ((Labeled) stage.getScene().lookup("#navEvents")).getText());
    }

    private EstateEvents.Event lastEvent(String kind) throws Exception {
        return fx(() -> app.eventsModel().events().stream().filter(e -> e.kind().equals(kind)).findFirst()
                .orElse(null));
    }

    private void shoot(String file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents(3);
        fx(() -> {
            PngExport.write(stage.getScene().getRoot(), SHOTS.resolve(file));
            return null;
        });
        assertThat(SHOTS.resolve(file)).exists();
    }

    private void cycle(boolean fail) throws Exception {
        TestEstate.sim(agent, "flaky-sim").setMode(fail ? SimDriver.Mode.FAIL : SimDriver.Mode.OK,
                fail ? "simulated failure: controller offline" : null);
        agent.loop("flaky-sim").orElseThrow().discoverNow().get(20, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(90)
    void aBackendThatReportsAgainTurnsItsErrorCardIntoARecoveredInformationCard() throws Exception {
        estate();
        cycle(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> card(FLAKY).isPresent()
                && health("flaky-sim") == Estate.LoopHealth.ERROR);
        Shown failing = shown(card(FLAKY).orElseThrow());
        assertThat(failing.badge()).isEqualTo("error");
        assertThat(failing.styles()).contains("tone-error").doesNotContain("notification-recovered");
        assertThat(failing.ackLink()).isTrue();
        assertThat(navEvents()).isEqualTo("Events (1)");
        shoot("notification-backend-failing.png");

        cycle(false);
        // Within the card's few seconds of life: the same source's card, now good news.
        await().atMost(Duration.ofSeconds(6)).until(() -> card(FLAKY).map(n -> n.getStyleClass()
                .contains("notification-recovered")).orElse(false));
        Shown recovered = shown(card(FLAKY).orElseThrow());
        assertThat(recovered.badge()).isEqualTo("recovered");
        assertThat(recovered.styles()).contains("tone-ok").doesNotContain("tone-error");
        assertThat(recovered.text()).startsWith("recovered: backend node-1/flaky-sim reports again")
                .contains("before: backend node-1/flaky-sim failed:").contains("simulated failure: controller offline");
        assertThat(recovered.ackLink()).as("good news needs no acknowledgement").isFalse();
        NotificationBook.Card model = fx(() -> app.notificationsModel().cards().stream()
                .filter(c -> c.source().equals(FLAKY)).findFirst().orElseThrow());
        assertThat(model.severity()).isEqualTo(EstateEvents.Severity.INFO);
        assertThat(model.standing()).isEqualTo(NotificationBook.Standing.RECOVERED);
        assertThat(lastEvent("loop-recovered").severity()).isEqualTo(EstateEvents.Severity.INFO);
        assertThat(navEvents()).as("the badge counts open problems; a recovered one is not").isEqualTo("Events");
        assertThat(fx(() -> app.eventsModel().openCount().get())).isZero();
        shoot("notification-backend-recovered.png");

        // It goes away by itself.
        await().atMost(Duration.ofSeconds(15)).until(() -> card(FLAKY).isEmpty());
    }

    @Test
    @Timeout(90)
    void aProfileThatMatchesAgainTurnsItsErrorCardIntoARecoveredInformationCard() throws Exception {
        estate();
        AckTarget replicated = new AckTarget.Profile("replicated");
        client.getKVClient().put(EtcdClients.bytes(layout.profile("replicated")), EtcdClients.bytes(Json.encodeString(
                new ProfileSpec("replicated", "Replicated", "survives the loss of a disk", null, null,
                        Map.of(SOURCES, ">= 2"))))).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.profilesModel().rows().stream()
                .anyMatch(r -> r.id().equals("replicated") && r.matches() == 1)));

        changePool("rbd-gold", 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> card(replicated).isPresent());
        Shown unmet = shown(card(replicated).orElseThrow());
        assertThat(unmet.badge()).isEqualTo("error");
        assertThat(unmet.styles()).contains("tone-error");
        assertThat(lastEvent("profile-at-risk").severity()).isEqualTo(EstateEvents.Severity.ERROR);
        await().atMost(Duration.ofSeconds(5)).until(() -> navEvents().equals("Events (1)"));

        changePool("rbd-gold", 2);
        await().atMost(Duration.ofSeconds(8)).until(() -> card(replicated).map(n -> n.getStyleClass()
                .contains("notification-recovered")).orElse(false));
        Shown met = shown(card(replicated).orElseThrow());
        assertThat(met.badge()).isEqualTo("recovered");
        assertThat(met.styles()).contains("tone-ok").doesNotContain("tone-error");
        assertThat(met.ackLink()).isFalse();
        assertThat(lastEvent("profile-recovered").severity()).isEqualTo(EstateEvents.Severity.INFO);
        await().atMost(Duration.ofSeconds(3)).until(() -> navEvents().equals("Events"));
        shoot("notification-profile-recovered.png");
        await().atMost(Duration.ofSeconds(15)).until(() -> card(replicated).isEmpty());
    }

    /** Rewrites the replica count of a pool in etcd (what a changed backend report looks like to the dashboard). */
    private void changePool(String poolName, int replicas) throws Exception {
        PoolSpec p = fx(() -> app.poolsModel().rows().stream().map(r -> r.pool())
                .filter(x -> x.name().equals(poolName)).findFirst().orElseThrow());
        ObjectNode tree = (ObjectNode) Json.tree(p);
        ((ObjectNode) tree.with("extras").with("DataStorageLineOfService")).put("RecoverableCapacitySourceCount", replicas);
        client.getKVClient().put(EtcdClients.bytes(layout.pool(p.dockId(), p.id())),
                EtcdClients.bytes(Json.mapper().writeValueAsString(tree))).get(5, TimeUnit.SECONDS);
    }
}
