package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.attention.AttentionRow;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.events.Problem;
import com.capreport.dashboard.profiles.ProfileRow;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.ProfileSpec;
import com.capreport.model.attention.Kind;
import com.capreport.model.attention.Severity;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 * Issue 12: an admin wrote six profile keys, three of which cannot be used — {@code bad-op} (valid
 * JSON, a requirement with a bad operator), {@code broken} (not JSON), {@code mismatch} (the id
 * inside is not the key's). The header counts six profiles of which three are invalid, the
 * Profiles view has a row for each of the six, and Attention and Events give the three the same
 * severity (error), whether the profile fails to parse or fails validation. A real etcd, a real
 * agent, a real JavaFX scene (Monocle) at 1280×720.
 */
@ExtendWith(ApplicationExtension.class)
class InvalidProfilesIT {
    static final String PROTOCOL = "extras.IOConnectivityLineOfService.AccessProtocol";
    static ManagedEtcd etcd;

    final String prefix = "/ip-" + UUID.randomUUID().toString().substring(0, 8);
    final KeyLayout layout = new KeyLayout(prefix);
    Agent agent;
    DashboardApp app;
    Stage stage;

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
                Optional.empty(), Optional.empty(), DashboardOptions.View.PROFILES, 1280, 720, true));
        app.start(stage);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (agent != null) {
            agent.close();
        }
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(90)
    void sixProfileKeysWithThreeInvalidAreCountedListedAndRatedAlike(FxRobot robot) throws Exception {
        agent = TestEstate.startAgent(etcd, prefix, "node-1", "interval: 60s, leaseTtl: 5s",
                "  - name: lvm-1\n    driver: sim\n    pools:\n"
                + "      - { name: vg-a, totalCapacity: 2000, freeCapacity: 1500, extras: { "
                + "IOConnectivityLineOfService: { AccessProtocol: iSCSI } } }\n"
                + "      - { name: vg-b, totalCapacity: 4096, freeCapacity: 1200, extras: { "
                + "IOConnectivityLineOfService: { AccessProtocol: iSCSI } } }\n"
                + "      - { name: vg-c, totalCapacity: 20480, freeCapacity: 1024, extras: { "
                + "IOConnectivityLineOfService: { AccessProtocol: NVMeOverFabrics } } }\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 3);
        try (Client c = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), prefix))) {
            put(c, layout.profile("iscsi"), Json.encodeString(new ProfileSpec("iscsi", "iSCSI block", "", null, null,
                    Map.of(PROTOCOL, "iSCSI"))));
            put(c, layout.profile("any"), Json.encodeString(new ProfileSpec("any", "Any with space", "", null, null,
                    Map.of("freeCapacity", ">= 1000"))));
            put(c, layout.profile("nvme"), Json.encodeString(new ProfileSpec("nvme", "NVMe pair", "", null, 2,
                    Map.of(PROTOCOL, "NVMeOverFabrics"))));
            put(c, layout.profile("bad-op"), "{\"id\":\"bad-op\",\"name\":\"Bad operator\",\"requirements\":"
                    + "{\"freeCapacity\":\">= lots\",\"extras.X.Y\":\"<in>\"}}");
            put(c, layout.profile("broken"), "{\"id\": \"broken\", requirements: 1}");
            put(c, layout.profile("mismatch"), "{\"id\":\"other-id\",\"requirements\":{\"freeCapacity\":\">= 1\"}}");
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.profilesModel().rows().size()) == 6
                && fx(() -> app.headerModel().profiles().get()).equals("6 profiles"));

        // The header: six profiles written, three cannot be used, one valid one below its threshold.
        assertThat(fx(() -> app.headerModel().profilesInvalid().get())).isEqualTo("3 invalid");
        assertThat(fx(() -> app.headerModel().profilesInvalidNames().get()))
                .contains("Bad operator", "broken", "mismatch");
        assertThat(fx(() -> app.headerModel().profilesAtRisk().get())).isEqualTo("1");
        assertThat(fx(() -> app.headerModel().profilesAtRiskNames().get())).contains("NVMe pair")
                .doesNotContain("Bad operator");

        // The Profiles view: a row per key, the three invalid with their error in the Blocker column.
        List<ProfileRow> rows = fx(() -> List.copyOf(app.profilesModel().rows()));
        assertThat(rows).extracting(ProfileRow::id)
                .containsExactlyInAnyOrder("iscsi", "any", "nvme", "bad-op", "broken", "mismatch");
        assertThat(rows).filteredOn(r -> r.standing() == ProfileRow.Standing.INVALID).extracting(ProfileRow::id)
                .containsExactlyInAnyOrder("bad-op", "broken", "mismatch");
        assertThat(row(rows, "broken").blockerText()).startsWith("unreadable: Unexpected character");
        assertThat(row(rows, "mismatch").blockerText()).contains("the document says profile other-id");
        assertThat(row(rows, "bad-op").blockerText()).as("every error, not the first")
                .contains("needs a number, found 'lots'", "extras.X.Y: '<in>' needs a value");
        assertThat(row(rows, "mismatch").unreadable()).isPresent();
        assertThat(robot.lookup("#profilesSummary").queryLabeled().getText())
                .startsWith("6 profiles · 3 invalid: ").contains("1 at risk: NVMe pair");
        assertThat(row(rows, "bad-op").unreadable()).isEmpty();
        assertThat(fx(() -> app.profilesView().table().getItems().stream().limit(3).map(ProfileRow::id).toList()))
                .as("sorted worst first: the invalid ones lead").contains("bad-op", "broken", "mismatch");

        // The details of an unreadable key do not contradict themselves: invalid, and no pool list.
        fx(() -> {
            app.profilesModel().select("broken");
            return null;
        });
        assertThat(fx(() -> app.profilesModel().summary().get())).isEqualTo("invalid · not matched against any pool");
        assertThat(fx(() -> app.profilesModel().invalid().get())).isTrue();
        assertThat(fx(() -> app.profilesModel().description().get())).contains(layout.profile("broken"),
                "holds no readable profile");

        // Attention: one line per invalid profile, all errors; no second, milder "invalid entry" line for them.
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.attentionModel().rows().stream()
                .filter(r -> r.problem().kind() == Kind.PROFILE_INVALID).count()) == 3);
        List<AttentionRow> attention = fx(() -> List.copyOf(app.attentionModel().rows()));
        assertThat(attention).filteredOn(r -> r.problem().kind() == Kind.PROFILE_INVALID)
                .allSatisfy(r -> assertThat(r.problem().severity()).isEqualTo(Severity.ERROR))
                .extracting(r -> r.problem().what()).containsExactlyInAnyOrder("profile Bad operator is invalid",
                        "profile broken is invalid", "profile mismatch is invalid");
        assertThat(attention).noneMatch(r -> r.problem().kind() == Kind.INVALID_ENTRY);
        assertThat(fx(() -> app.attentionModel().headline().get())).contains("2 of 6 profiles met");

        // "Show in Profiles" on an unreadable key's line selects its row.
        AttentionRow brokenLine = attention.stream().filter(r -> r.problem().what().equals("profile broken is invalid"))
                .findFirst().orElseThrow();
        fx(() -> {
            app.attentionModel().open(brokenLine);
            return null;
        });
        assertThat(fx(() -> app.mainView().current())).isEqualTo(DashboardOptions.View.PROFILES);
        assertThat(fx(() -> app.profilesModel().selected().get().id())).isEqualTo("broken");

        // Events: the open problems rate the three alike (error), however each fails.
        List<Problem> open = fx(() -> app.eventsModel().problems().stream().map(p -> p.problem()).toList());
        assertThat(open).filteredOn(p -> p.kind() == Problem.Kind.PROFILE_INVALID)
                .allSatisfy(p -> assertThat(p.severity()).isEqualTo(com.capreport.model.EstateEvents.Severity.ERROR))
                .extracting(p -> p.target().toString()).hasSize(3);

        size(1280, 720); // the stage is shared by the test classes of a run: set, not assumed
        shoot(DashboardOptions.View.PROFILES, "invalid-profiles-1280.png");
        fx(() -> {
            app.profilesModel().select("bad-op");
            return null;
        });
        shoot(DashboardOptions.View.PROFILES, "invalid-profiles-badop-1280.png");
        shoot(DashboardOptions.View.ATTENTION, "invalid-profiles-attention-1280.png");
        size(1920, 1080);
        shoot(DashboardOptions.View.PROFILES, "invalid-profiles-badop-1920.png");

        // Edit… on an unreadable key: a draft of that id at the key's revision, which Delete removes.
        fx(() -> {
            app.editorModel().openEdit("broken");
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> !app.editorModel().busy().get()
                && app.editorModel().title().get().startsWith("Replace unreadable profile broken (revision ")));
        assertThat(fx(() -> app.editorModel().message().get())).contains("is not readable in etcd",
                "Delete removes the key");
        fx(() -> {
            app.editorModel().delete();
            return null;
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.profilesModel().rows().size()) == 5
                && fx(() -> app.headerModel().profilesInvalid().get()).equals("2 invalid"));
        assertThat(fx(() -> app.headerModel().profiles().get())).isEqualTo("5 profiles");
    }

    private static ProfileRow row(List<ProfileRow> rows, String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static void put(Client c, String key, String value) throws Exception {
        c.getKVClient().put(EtcdClients.bytes(key), EtcdClients.bytes(value)).get(5, TimeUnit.SECONDS);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private void shoot(DashboardOptions.View view, String file) throws Exception {
        fx(() -> {
            app.mainView().show(view);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);
        fx(() -> {
            PngExport.write(stage.getScene().getRoot(), DashboardIT.SHOTS.resolve(file));
            return null;
        });
        assertThat(DashboardIT.SHOTS.resolve(file)).exists();
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
}
