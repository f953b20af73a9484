package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.events.ProblemRow;
import com.capreport.model.Ack;
import com.capreport.model.AckTarget;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
import com.capreport.model.Json;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Alerts inform, never bury (issue 12, item 3): notifications coalesced per source, capped, inside
 * the window and clear of the right-hand panes; acknowledgements shared through etcd; the Events
 * badge counts open problems. Real etcd, real in-process agents with sim backends, headless, at
 * 1280×720.
 */
@ExtendWith(ApplicationExtension.class)
class AlertsIT {
    static final Path SHOTS = DashboardIT.SHOTS;
    static ManagedEtcd etcd;

    final String prefix = "/t-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Agent> agents = new ArrayList<>();
    final List<DashboardApp> others = new ArrayList<>();
    DashboardApp app;
    Stage stage;
    static final AckTarget FLAKY = new AckTarget.Loop("node-1", "flaky-sim");

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
        app = new DashboardApp(options());
        app.start(stage);
    }

    private DashboardOptions options() {
        return new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), prefix), Optional.empty(),
                Optional.empty(), DashboardOptions.View.POOLS, 1280, 720, true);
    }

    @AfterEach
    void stopAll() throws Exception {
        agents.forEach(a -> {
            a.loops().forEach(l -> {
                if (l.driver() instanceof SimDriver s) {
                    s.setMode(SimDriver.Mode.OK, null);
                }
            });
            a.close();
        });
        for (DashboardApp o : others) {
            WaitForAsyncUtils.asyncFx(o::stop).get(10, TimeUnit.SECONDS);
        }
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
    }

    private Agent agent(String dockId, String backends) throws Exception {
        Agent a = TestEstate.startAgent(etcd, prefix, dockId, "interval: 60s, leaseTtl: 5s", backends);
        agents.add(a);
        return a;
    }

    private static String sims(String... names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            b.append("  - name: ").append(n).append("\n    driver: sim\n    pools:\n      - { name: ").append(n)
                    .append("-p, totalCapacity: 500, freeCapacity: 250 }\n");
        }
        return b.toString();
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private Estate.LoopHealth health(DashboardApp a, String dock, String backend) throws Exception {
        return fx(() -> a.docksModel().docks().stream().filter(d -> d.dockId().equals(dock)).findFirst()
                .flatMap(d -> d.loops().stream().filter(l -> l.backend().equals(backend)).findFirst())
                .map(l -> l.health()).orElse(null));
    }

    /** One listing of {@code backend} that fails (or succeeds), seen by the dashboard. */
    private void cycle(Agent a, String dock, String backend, boolean fail) throws Exception {
        TestEstate.sim(a, backend).setMode(fail ? SimDriver.Mode.FAIL : SimDriver.Mode.OK,
                fail ? "simulated failure: controller offline" : null);
        a.loop(backend).orElseThrow().discoverNow().get(20, TimeUnit.SECONDS);
        Estate.LoopHealth want = fail ? Estate.LoopHealth.ERROR : Estate.LoopHealth.RUNNING;
        await().atMost(Duration.ofSeconds(10)).until(() -> health(app, dock, backend) == want);
    }

    private List<Node> cards() throws Exception {
        return fx(() -> List.copyOf(stage.getScene().getRoot().lookupAll(".notification-card")).stream()
                .filter(Node::isVisible).toList());
    }

    /** The cards about {@code source} (the dock's own "registered" note is another source). */
    private List<Node> cards(AckTarget source) throws Exception {
        return cards().stream().filter(n -> source.equals(n.getUserData())).toList();
    }

    private String navEvents() throws Exception {
        return fx(() -> ((Labeled) stage.getScene().lookup("#navEvents")).getText());
    }

    private long eventsOfKind(DashboardApp a, String kind) throws Exception {
        return fx(() -> a.eventsModel().events().stream().filter(e -> e.kind().equals(kind)).count());
    }

    private void shoot(String file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents(3);
        fx(() -> {
            PngExport.write(stage.getScene().getRoot(), SHOTS.resolve(file));
            return null;
        });
    }

    private Client client() throws Exception {
        return EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), prefix));
    }

    @Test
    @Timeout(120)
    void aFlappingBackendYieldsOneCoalescedNotificationThatCountsItsFailures() throws Exception {
        Agent a = agent("node-1", sims("flaky-sim"));
        await().atMost(Duration.ofSeconds(20)).until(() -> health(app, "node-1", "flaky-sim") == Estate.LoopHealth.RUNNING);

        int flaps = 5;
        for (int i = 0; i < flaps - 1; i++) {
            cycle(a, "node-1", "flaky-sim", true);
            cycle(a, "node-1", "flaky-sim", false);
        }
        // Between failures the card says "recovered" (and may go away); the next failure brings it back, still counting.
        cycle(a, "node-1", "flaky-sim", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> eventsOfKind(app, "backend-error") == flaps);
        List<Node> cards = cards(FLAKY);
        assertThat(cards).hasSize(1);
        String text = fx(() -> cards.get(0).lookupAll(".notification-text").stream()
                .map(n -> ((Labeled) n).getText()).findFirst().orElse(""));
        assertThat(text).startsWith("failed " + flaps + " times in ").contains("· last: ")
                .contains("simulated failure: controller offline");
        assertThat(fx(() -> app.notificationsModel().cards().stream().filter(c -> c.source().equals(FLAKY)).count()))
                .isEqualTo(1);
        shoot("notifications-flapping.png");
    }

    @Test
    @Timeout(120)
    void manySourcesShowAtMostThreeCardsInsideTheWindowAndClearOfTheEditorAndDetails() throws Exception {
        Agent a = agent("node-1", sims("b-1", "b-2", "b-3", "b-4", "b-5", "b-6"));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 6);
        for (int i = 1; i <= 6; i++) {
            TestEstate.sim(a, "b-" + i).setMode(SimDriver.Mode.FAIL, "simulated failure " + i);
        }
        a.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOfKind(app, "backend-error") == 6);
        // Six failing backends (and maybe the dock's own "registered" note): three cards, the rest folded.
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> app.notificationsModel().folded().get()) >= 3);
        // At 720 px two cards are shown (three would stand over most of the table); the third folds too.
        size(1280, 720); // another test of this class may have left the stage at 1920×1080
        assertThat(fx(() -> stage.getScene().getHeight())).isLessThan(900.0);
        assertThat(cards()).hasSize(2).allSatisfy(n -> assertThat(n.getStyleClass()).contains("tone-error"));
        Node more = fx(() -> stage.getScene().lookup("#notificationsMore"));
        int folded = fx(() -> app.notificationsModel().folded().get());
        assertThat(fx(() -> ((Labeled) more).getText())).isEqualTo("+" + (folded + 1) + " more — open Events");
        assertThat(navEvents()).isEqualTo("Events (6)");

        // Pools, with a pool selected: the details pane is on the right.
        fx(() -> {
            app.poolsView().table().getSelectionModel().select(0);
            return null;
        });
        assertClear(List.of(".details"), "pools");
        shoot("notifications-pools-1280.png");

        // Profiles, with the editor open: its buttons and the whole right-hand pane stay uncovered.
        fx(() -> {
            app.mainView().show(DashboardOptions.View.PROFILES);
            app.editorModel().openNew();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);
        assertThat(fx(() -> stage.getScene().lookup("#editorSave").isVisible())).isTrue();
        assertClear(List.of(".details", "#editorSave", "#editorClose", "#editorReload"), "profiles");
        shoot("notifications-editor-1280.png");

        size(1920, 1080);
        assertThat(cards()).as("a tall window shows the cap, three").hasSize(3);
        assertThat(fx(() -> ((Labeled) stage.getScene().lookup("#notificationsMore")).getText()))
                .isEqualTo("+" + fx(() -> app.notificationsModel().folded().get()) + " more — open Events");
        assertClear(List.of(".details", "#editorSave", "#editorClose", "#editorReload"), "profiles");
        shoot("notifications-editor-1920.png");
        fx(() -> {
            app.mainView().show(DashboardOptions.View.POOLS);
            return null;
        });
        assertClear(List.of(".details"), "pools");
        shoot("notifications-pools-1920.png");
        fx(() -> {
            app.mainView().show(DashboardOptions.View.EVENTS);
            return null;
        });
        shoot("events-1920.png");
        size(1280, 720);
        shoot("events-1280.png");
    }

    private void size(double w, double h) throws Exception {
        fx(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> stage.getScene().getWidth() == w
                && stage.getScene().getHeight() == h));
    }

    /** Every card (and the "+N more" line) lies inside the window and intersects none of {@code avoid}. */
    private void assertClear(List<String> avoid, String where) throws Exception {
        fx(() -> {
            app.notificationStack().tick();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);
        List<Node> shown = new ArrayList<>(cards());
        shown.add(fx(() -> stage.getScene().lookup("#notificationsMore")));
        Bounds window = fx(() -> stage.getScene().getRoot().localToScene(stage.getScene().getRoot().getLayoutBounds()));
        assertThat(window.getWidth()).isEqualTo(fx(() -> stage.getScene().getWidth()));
        assertThat(window.getHeight()).isEqualTo(fx(() -> stage.getScene().getHeight()));
        List<Bounds> keepOut = fx(() -> {
            List<Bounds> out = new ArrayList<>();
            for (String sel : avoid) {
                for (Node n : app.mainView().currentView().lookupAll(sel)) {
                    if (n.isVisible() && n.getParent().isVisible() && n.getLayoutBounds().getWidth() > 0) {
                        out.add(n.localToScene(n.getLayoutBounds()));
                    }
                }
            }
            return out;
        });
        assertThat(keepOut).as("the right-hand panes of " + where).isNotEmpty();
        for (Node n : shown) {
            Bounds b = fx(() -> n.localToScene(n.getLayoutBounds()));
            assertThat(b.getWidth()).isPositive();
            assertThat(window.contains(b)).as(where + ": " + b + " inside " + window).isTrue();
            for (Bounds k : keepOut) {
                assertThat(b.intersects(k)).as(where + ": notification " + b + " covers " + k).isFalse();
            }
        }
    }

    @Test
    @Timeout(120)
    void anAcknowledgementFromOneDashboardIsWrittenToEtcdAndSeenByAnother(FxRobot robot) throws Exception {
        Agent a = agent("node-1", sims("flaky-sim"));
        await().atMost(Duration.ofSeconds(20)).until(() -> health(app, "node-1", "flaky-sim") == Estate.LoopHealth.RUNNING);
        cycle(a, "node-1", "flaky-sim", true);
        assertThat(navEvents()).isEqualTo("Events (1)");
        assertThat(cards(FLAKY)).hasSize(1);

        // The admin's path: "Acknowledge…" on the card, a reason, an expiry, Acknowledge.
        robot.clickOn(fx(() -> cards(FLAKY).get(0).lookup(".notification-ack")));
        assertThat(fx(() -> app.mainView().current())).isEqualTo(DashboardOptions.View.EVENTS);
        assertThat(fx(() -> app.eventsModel().selectedProblem().get().problem().target()))
                .isEqualTo(new AckTarget.Loop("node-1", "flaky-sim"));
        robot.clickOn("#ackReason").write("controller firmware upgrade, ticket CHG-1234");
        fx(() -> {
            app.eventsModel().ackExpiry().set(com.capreport.dashboard.events.AckExpiry.EIGHT_HOURS);
            return null;
        });
        Instant before = Instant.now();
        robot.clickOn("#ackButton");

        AckTarget target = new AckTarget.Loop("node-1", "flaky-sim");
        String key = prefix + "/acks/" + Ack.idFor(target);
        Ack stored;
        try (Client c = client()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !c.getKVClient().get(ByteSequence.from(key.getBytes()))
                    .get(5, TimeUnit.SECONDS).getKvs().isEmpty());
            KeyValue kv = c.getKVClient().get(ByteSequence.from(key.getBytes())).get(5, TimeUnit.SECONDS).getKvs().get(0);
            stored = Json.decode(kv.getValue().getBytes(), Ack.class, key);
        }
        assertThat(stored.target()).isEqualTo(target);
        assertThat(stored.reason()).isEqualTo("controller firmware upgrade, ticket CHG-1234");
        assertThat(stored.by()).isEqualTo(System.getProperty("user.name"));
        assertThat(stored.expiresAt()).isBetween(before.plus(Duration.ofHours(8)).minusSeconds(1),
                Instant.now().plus(Duration.ofHours(8)));
        await().atMost(Duration.ofSeconds(10)).until(() -> navEvents().equals("Events"));
        assertThat(cards(FLAKY)).isEmpty();
        assertThat(fx(() -> app.eventsModel().problems().get(0).ackText(Instant.now())))
                .startsWith("acknowledged by " + stored.by() + " until ").endsWith(": " + stored.reason());
        shoot("events-acknowledged.png");

        // A second dashboard, started afterwards, sees the same acknowledgement from etcd.
        DashboardApp b = fx(() -> {
            DashboardApp other = new DashboardApp(options());
            others.add(other);
            other.start(new Stage());
            return other;
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> b.eventsModel().problems().stream()
                .anyMatch(r -> r.problem().target().equals(target) && r.acknowledged())));
        assertThat(fx(() -> b.eventsModel().openCount().get())).isZero();

        // Acknowledged problems stop notifying: the backend flaps on, no card comes back.
        cycle(a, "node-1", "flaky-sim", false);
        cycle(a, "node-1", "flaky-sim", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> eventsOfKind(app, "backend-error") == 2);
        WaitForAsyncUtils.waitForFxEvents(3);
        assertThat(cards(FLAKY)).isEmpty();
        assertThat(fx(() -> b.notificationsModel().cards().stream().filter(c -> c.source().equals(FLAKY)).toList()))
                .isEmpty();
    }

    @Test
    @Timeout(120)
    void anAcknowledgementPastItsExpiryIsNotHonouredAndIsRemoved() throws Exception {
        Agent a = agent("node-1", sims("flaky-sim"));
        await().atMost(Duration.ofSeconds(20)).until(() -> health(app, "node-1", "flaky-sim") == Estate.LoopHealth.RUNNING);
        AckTarget target = new AckTarget.Loop("node-1", "flaky-sim");
        Instant now = Instant.now();
        Ack old = new Ack(target, "was a planned outage", "bob", now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
        String key = prefix + "/acks/" + old.id();
        try (Client c = client()) {
            c.getKVClient().put(ByteSequence.from(key.getBytes()), ByteSequence.from(Json.encode(old))).get(5, TimeUnit.SECONDS);
            cycle(a, "node-1", "flaky-sim", true);
            assertThat(navEvents()).isEqualTo("Events (1)");
            List<ProblemRow> rows = fx(() -> List.copyOf(app.eventsModel().problems()));
            assertThat(rows).singleElement().satisfies(r -> assertThat(r.acknowledged()).isFalse());
            assertThat(cards(FLAKY)).hasSize(1);
            // The dashboard that sees it expired deletes it (a compare on its mod revision).
            await().atMost(Duration.ofSeconds(10)).until(() -> c.getKVClient().get(ByteSequence.from(key.getBytes()))
                    .get(5, TimeUnit.SECONDS).getKvs().isEmpty());
        }
    }

    @Test
    @Timeout(120)
    void theEventsBadgeCountsOpenProblemsNotHistory() throws Exception {
        Agent a = agent("node-1", sims("flaky-sim"));
        await().atMost(Duration.ofSeconds(20)).until(() -> health(app, "node-1", "flaky-sim") == Estate.LoopHealth.RUNNING);
        cycle(a, "node-1", "flaky-sim", true);
        assertThat(navEvents()).isEqualTo("Events (1)");
        cycle(a, "node-1", "flaky-sim", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> navEvents().equals("Events"));
        assertThat(fx(() -> List.copyOf(app.eventsModel().events()))).extracting(EstateEvents.Event::kind)
                .contains("backend-error", "loop-recovered");
        // "Open problems only" hides the history of what is fine again.
        fx(() -> {
            app.eventsModel().openOnly().set(true);
            return null;
        });
        assertThat(fx(() -> app.eventsModel().shown().size())).isZero();
        fx(() -> {
            app.eventsModel().openOnly().set(false);
            app.eventsModel().severityFilter().set(com.capreport.dashboard.events.EventsViewModel.SeverityFilter.ERRORS);
            return null;
        });
        assertThat(fx(() -> List.copyOf(app.eventsModel().shown()))).extracting(EstateEvents.Event::kind)
                .containsOnly("backend-error");
    }

    @Test
    @Timeout(60)
    void garbageUnderAcksIsAnInvalidEntry() throws Exception {
        agent("node-1", sims("flaky-sim"));
        await().atMost(Duration.ofSeconds(20)).until(() -> health(app, "node-1", "flaky-sim") == Estate.LoopHealth.RUNNING);
        String key = prefix + "/acks/garbage-1";
        try (Client c = client()) {
            c.getKVClient().put(EtcdClients.bytes(key), EtcdClients.bytes("{not json")).get(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.invalidModel().entries().stream()
                .anyMatch(e -> e.key().equals(key))));
        assertThat(fx(() -> app.eventsModel().problems())).isEmpty();
        assertThat(navEvents()).isEqualTo("Events");
    }
}
