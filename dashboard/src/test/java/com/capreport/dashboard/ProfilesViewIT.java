package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.profiles.GapMatrixView;
import com.capreport.dashboard.profiles.GapMatrixViewModel;
import com.capreport.dashboard.profiles.ProfileEditorViewModel;
import com.capreport.dashboard.profiles.ProfileRow;
import com.capreport.dashboard.profiles.ProfilesViewModel;
import com.capreport.dashboard.profiles.RequirementRow;
import com.capreport.model.EstateEvents;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.Finding;
import com.capreport.model.match.Operator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.controlsfx.control.SearchableComboBox;
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
 * The profiles view, the gap matrix, the at-risk notification and the editor, against a real etcd
 * with real agents (simulated backends with realistic Swordfish extras), headless under Monocle.
 * Profiles are written to etcd the way an admin's tool would; pool changes are written into etcd.
 */
@ExtendWith(ApplicationExtension.class)
class ProfilesViewIT {
    static final Path SHOTS = DashboardIT.SHOTS;
    static final String PROTOCOL = "extras.IOConnectivityLineOfService.AccessProtocol";
    static final String IOPS = "extras.IOConnectivityLineOfService.MaxIOPS";
    static final String PROVISIONING = "extras.DataStorageLineOfService.ProvisioningPolicy";
    static final String SOURCES = "extras.DataStorageLineOfService.RecoverableCapacitySourceCount";
    static ManagedEtcd etcd;

    final String prefix = "/p-" + UUID.randomUUID().toString().substring(0, 8);
    final KeyLayout layout = new KeyLayout(prefix);
    final List<Agent> agents = new ArrayList<>();
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
                Optional.empty(), Optional.empty(), DashboardOptions.View.PROFILES, 1500, 820, true));
        app.start(stage);
    }

    @AfterEach
    void stopAll() throws Exception {
        agents.forEach(Agent::close);
        if (client != null) {
            client.close();
        }
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
    }

    /** Two docks: an LVM-like backend with IOPS figures and a Ceph-like one with replicas. */
    private void estate() throws Exception {
        agents.add(TestEstate.startAgent(etcd, prefix, "node-1", "interval: 60s, leaseTtl: 5s",
                "  - name: lvm-1\n    driver: sim\n    pools:\n"
                + "      - { name: vg-fast, totalCapacity: 2000, freeCapacity: 1500, extras: { "
                + "DataStorageLineOfService: { ProvisioningPolicy: [Thin], IsSpaceEfficient: true, "
                + "RecoverableCapacitySourceCount: 1 }, IOConnectivityLineOfService: { AccessProtocol: iSCSI, "
                + "MaxIOPS: 8000 }, DataProtectionLineOfService: { RecoveryGeographicObjective: Server } } }\n"
                + "      - { name: vg-gold, totalCapacity: 4096, freeCapacity: 1200, extras: { "
                + "DataStorageLineOfService: { ProvisioningPolicy: [Thin, Fixed], IsSpaceEfficient: true, "
                + "RecoverableCapacitySourceCount: 1 }, IOConnectivityLineOfService: { AccessProtocol: iSCSI, "
                + "MaxIOPS: 5000 } } }\n"
                + "      - { name: vg-archive, totalCapacity: 20480, freeCapacity: 1024, extras: { "
                + "DataStorageLineOfService: { ProvisioningPolicy: [Fixed], IsSpaceEfficient: false }, "
                + "IOConnectivityLineOfService: { AccessProtocol: NVMeOverFabrics } } }\n"));
        agents.add(TestEstate.startAgent(etcd, prefix, "node-2", "interval: 60s, leaseTtl: 5s",
                TestEstate.cephLike("ceph-1")));
        client = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), prefix));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 4);
    }

    private static Map<String, String> reqs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** What {@code capreport profiles apply} leaves in etcd: the profile's JSON under its key. */
    private void putProfile(ProfileSpec p) throws Exception {
        client.getKVClient().put(EtcdClients.bytes(layout.profile(p.id())), EtcdClients.bytes(Json.encodeString(p)))
                .get(5, TimeUnit.SECONDS);
    }

    private Optional<KeyValue> stored(String key) throws Exception {
        List<KeyValue> kvs = client.getKVClient().get(EtcdClients.bytes(key)).get(5, TimeUnit.SECONDS).getKvs();
        return kvs.stream().findFirst();
    }

    /** Rewrites one capability of a pool in etcd (what a changed backend report looks like to the dashboard). */
    private void changePool(String poolName, String group, String field, Object value) throws Exception {
        PoolSpec p = fx(() -> app.poolsModel().rows().stream().map(r -> r.pool())
                .filter(x -> x.name().equals(poolName)).findFirst().orElseThrow());
        ObjectNode tree = (ObjectNode) Json.tree(p);
        ObjectNode g = (ObjectNode) tree.with("extras").with(group);
        g.set(field, Json.mapper().valueToTree(value));
        String key = layout.pool(p.dockId(), p.id());
        client.getKVClient().put(EtcdClients.bytes(key), EtcdClients.bytes(Json.mapper().writeValueAsString(tree)))
                .get(5, TimeUnit.SECONDS);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private Optional<ProfileRow> profile(String id) throws Exception {
        return fx(() -> app.profilesModel().rows().stream().filter(r -> r.id().equals(id)).findFirst());
    }

    private int count(String id) throws Exception {
        return profile(id).map(ProfileRow::matches).orElse(-1);
    }

    private void screenshot(DashboardOptions.View view, String file) throws Exception {
        await().atMost(Duration.ofSeconds(6)).until(() -> fx(() -> app.poolsModel().changed().isEmpty()));
        fx(() -> {
            app.mainView().show(view);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);
        fx(() -> {
            PngExport.write(stage.getScene().getRoot(), SHOTS.resolve(file));
            return null;
        });
        assertThat(SHOTS.resolve(file)).exists();
    }

    @Test
    @Timeout(90)
    void profilesShowLiveCountsGapsCarryReasonsAndADropToZeroIsNotifiedWithItsCause(FxRobot robot)
            throws Exception {
        estate();
        putProfile(new ProfileSpec("gold", "Gold block", "thin iSCSI with at least 5000 IOPS, two pools to choose from",
                "block", 2, reqs(PROVISIONING, "<in> Thin", PROTOCOL, "iSCSI", IOPS, ">= 5000")));
        putProfile(new ProfileSpec("bulk", "Bulk capacity", "any pool with a TiB free", null, null,
                reqs("freeCapacity", ">= 1000")));
        putProfile(new ProfileSpec("replicated", "Replicated", "survives the loss of a disk", null, null,
                reqs(SOURCES, ">= 2")));

        await().atMost(Duration.ofSeconds(15)).until(() -> count("gold") == 2 && count("bulk") == 4
                && count("replicated") == 1);
        assertThat(profile("gold").orElseThrow().standing()).isEqualTo(ProfileRow.Standing.OK);
        assertThat(fx(() -> app.headerModel().profiles().get())).isEqualTo("3 profiles");
        assertThat(fx(() -> app.headerModel().profilesAtRisk().get())).isEmpty();

        // The selected profile: matches ranked by free capacity, every other pool with its reasons.
        fx(() -> {
            app.profilesModel().select("gold");
            return null;
        });
        assertThat(fx(() -> app.profilesModel().matches().stream().map(m -> m.pool().name()).toList()))
                .containsExactly("vg-fast", "vg-gold");
        ProfilesViewModel.GapRow archive = fx(() -> app.profilesModel().nonMatches().stream()
                .filter(g -> g.nonMatch().pool().name().equals("vg-archive")).findFirst().orElseThrow());
        assertThat(archive.reasons()).contains("MaxIOPS").contains("NVMeOverFabrics");
        assertThat(fx(() -> app.profilesView().table().getSelectionModel().getSelectedItem().id())).isEqualTo("gold");
        screenshot(DashboardOptions.View.PROFILES, "profiles.png");

        // The gap matrix: the gold × vg-archive cell's tooltip and the details area carry the reasons.
        screenshot(DashboardOptions.View.GAPS, "gaps.png");
        GapMatrixView gaps = app.gapsView();
        int row = fx(() -> {
            List<GapMatrixViewModel.PoolLine> items = gaps.table().getItems();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).pool().name().equals("vg-archive")) {
                    return i;
                }
            }
            return -1;
        });
        TableColumn<GapMatrixViewModel.PoolLine, ?> goldColumn = fx(() -> gaps.table().getColumns().stream()
                .filter(c -> "gold".equals(c.getUserData())).findFirst().orElseThrow());
        String tooltip = fx(() -> robot.lookup("#gapTable .table-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && c.getTableColumn() == goldColumn
                        && c.getItem() instanceof GapMatrixViewModel.PoolLine l && l.pool().name().equals("vg-archive"))
                .map(n -> ((javafx.scene.control.TableCell<?, ?>) n).getTooltip().getText()).findFirst().orElseThrow());
        assertThat(tooltip).contains("vg-archive").contains("Gold block").contains("fails")
                .contains("does not report IOConnectivityLineOfService.MaxIOPS");
        fx(() -> {
            gaps.table().getSelectionModel().clearAndSelect(row, goldColumn);
            return null;
        });
        assertThat(fx(() -> app.gapsModel().details().get())).contains("MaxIOPS").contains("NVMeOverFabrics");
        screenshot(DashboardOptions.View.GAPS, "gaps.png");

        // rbd-gold loses its second replica in etcd: "replicated" drops to zero, with the cause and a notification.
        changePool("rbd-gold", "DataStorageLineOfService", "RecoverableCapacitySourceCount", 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> count("replicated") == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> app.eventsModel().events().stream()
                .anyMatch(e -> e.kind().equals("profile-at-risk"))));
        EstateEvents.Event event = fx(() -> app.eventsModel().events().stream()
                .filter(e -> e.kind().equals("profile-at-risk")).findFirst().orElseThrow());
        assertThat(event.dockId()).isEqualTo("profile:replicated");
        assertThat(event.severity()).isEqualTo(EstateEvents.Severity.ERROR);
        assertThat(event.message()).contains("Replicated: 1 → 0").contains("rbd-gold")
                .contains("RecoverableCapacitySourceCount");
        assertThat(fx(() -> app.profilesModel().lastAlert().get().title()))
                .isEqualTo("Profile Replicated: no pool matches any more");
        assertThat(fx(() -> app.headerModel().profilesAtRisk().get())).isEqualTo("1");
        assertThat(profile("replicated").orElseThrow().standing()).isEqualTo(ProfileRow.Standing.ZERO);
        // The notification card is on screen, in the window, naming the profile and the pool that caused it.
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> robot.lookup(".notification-card").queryAll().stream()
                .anyMatch(n -> n.isVisible() && n.lookupAll(".notification-text").stream().anyMatch(t ->
                        t instanceof Labeled l && l.getText().contains("Replicated") && l.getText().contains("rbd-gold")))));
        fx(() -> {
            PngExport.write(app.mainView().getScene().getRoot(), SHOTS.resolve("notification.png"));
            return null;
        });
        assertThat(SHOTS.resolve("notification.png")).exists();
        fx(() -> {
            app.profilesModel().select("replicated");
            return null;
        });
        screenshot(DashboardOptions.View.PROFILES, "profiles-at-risk.png");
        screenshot(DashboardOptions.View.EVENTS, "events-profiles.png");

        // The pool comes back: a quiet recovery note.
        changePool("rbd-gold", "DataStorageLineOfService", "RecoverableCapacitySourceCount", 2);
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> app.eventsModel().events().stream()
                .anyMatch(e -> e.kind().equals("profile-recovered") && e.severity() == EstateEvents.Severity.INFO)));
        assertThat(fx(() -> app.headerModel().profilesAtRisk().get())).isEmpty();
    }

    @Test
    @Timeout(90)
    void theEditorPreviewsSavesWithCompareAndSwapAndRefusesAConcurrentChangeKeepingTheDraft() throws Exception {
        estate();
        putProfile(new ProfileSpec("bulk", "Bulk capacity", "", null, null, reqs("freeCapacity", ">= 1000")));
        await().atMost(Duration.ofSeconds(15)).until(() -> count("bulk") == 4);
        ProfileEditorViewModel ed = app.editorModel();

        fx(() -> {
            app.mainView().show(DashboardOptions.View.PROFILES);
            ed.openNew();
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> ed.paths().contains(PROTOCOL)));
        // A bad id is an error finding and blocks Save.
        fx(() -> {
            ed.id().set("fast iscsi!");
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> ed.findings().stream()
                .anyMatch(f -> f.severity() == Finding.Severity.ERROR && f.path().equals("id"))));
        assertThat(fx(() -> ed.canSave().get())).isFalse();

        // Pick a path, an operator and a value through the editor's own controls.
        fx(() -> {
            ed.id().set("fast-iscsi");
            ed.name().set("Fast iSCSI");
            ed.description().set("thin iSCSI pools for databases");
            return null;
        });
        Node firstRow = fx(() -> app.profilesView().editorView().lookup("#requirement-0"));
        @SuppressWarnings("unchecked")
        SearchableComboBox<String> path = (SearchableComboBox<String>) fx(() -> firstRow.lookup(".req-path"));
        @SuppressWarnings("unchecked")
        ComboBox<Operator> op = (ComboBox<Operator>) fx(() -> firstRow.lookup(".req-operator"));
        TextField value = (TextField) fx(() -> firstRow.lookup(".req-value"));
        fx(() -> {
            path.setValue(PROTOCOL);
            value.setText("iSCSI");
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> ed.previewCount().get()) == 2);
        assertThat(fx(() -> ed.preview().get())).startsWith("Would match 2 pools: ").contains("node-1/vg-fast")
                .contains("node-1/vg-gold");

        RequirementRow iops = fx(ed::addRequirement);
        WaitForAsyncUtils.waitForFxEvents();
        Node secondRow = fx(() -> app.profilesView().editorView().lookup("#requirement-1"));
        @SuppressWarnings("unchecked")
        SearchableComboBox<String> path2 = (SearchableComboBox<String>) fx(() -> secondRow.lookup(".req-path"));
        @SuppressWarnings("unchecked")
        ComboBox<Operator> op2 = (ComboBox<Operator>) fx(() -> secondRow.lookup(".req-operator"));
        TextField value2 = (TextField) fx(() -> secondRow.lookup(".req-value"));
        fx(() -> {
            path2.setValue(IOPS);
            return null;
        });
        // The operator picker offers what applies to a number.
        Operator atLeast = fx(() -> op2.getItems().stream().filter(o -> o.token().equals(">=")).findFirst().orElseThrow());
        fx(() -> {
            op2.setValue(atLeast);
            value2.setText("6000");
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> ed.previewCount().get()) == 1);
        assertThat(fx(() -> iops.expression())).isEqualTo(">= 6000");
        assertThat(fx(() -> op.getValue().token())).isEmpty();
        assertThat(fx(() -> iops.hint().get())).contains("number");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> ed.canSave().get()));
        screenshot(DashboardOptions.View.PROFILES, "editor.png");

        // ">=" on a list is the validator's error: shown inline, and Save is off until it is fixed.
        RequirementRow wrong = fx(() -> {
            RequirementRow r = ed.addRequirement();
            r.path().set(PROVISIONING);
            r.operator().set(Operator.ofToken(">="));
            r.value().set("3");
            return r;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> ed.findings().stream()
                .anyMatch(f -> f.severity() == Finding.Severity.ERROR && f.path().contains("ProvisioningPolicy"))));
        assertThat(fx(() -> ed.canSave().get())).isFalse();
        screenshot(DashboardOptions.View.PROFILES, "editor-validation.png");
        fx(() -> {
            ed.removeRequirement(wrong);
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> ed.canSave().get()));

        // Save: created in etcd (must not exist before).
        fx(() -> {
            ed.save();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed.message().get()).startsWith("Saved profile fast-iscsi"));
        KeyValue kv = stored(layout.profile("fast-iscsi")).orElseThrow();
        ProfileSpec saved = Json.decode(kv.getValue().getBytes(), ProfileSpec.class, "test");
        assertThat(saved.requirements()).containsEntry(PROTOCOL, "iSCSI").containsEntry(IOPS, ">= 6000");
        assertThat(fx(() -> ed.openedRevision().get())).isEqualTo(kv.getModRevision());
        await().atMost(Duration.ofSeconds(10)).until(() -> count("fast-iscsi") == 1);

        // Someone else changes it meanwhile; our save is refused, in one sentence, and the draft stays.
        long opened = kv.getModRevision();
        putProfile(saved.withRequirements(reqs(PROTOCOL, "iSCSI")));
        long theirs = stored(layout.profile("fast-iscsi")).orElseThrow().getModRevision();
        fx(() -> {
            ed.description().set("thin iSCSI pools for the billing databases");
            return null;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> ed.canSave().get()));
        fx(() -> {
            ed.save();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed.message().get()).startsWith("Not saved"));
        assertThat(fx(() -> ed.message().get())).isEqualTo("Not saved: profile fast-iscsi was changed by someone else "
                + "since you opened it (revision " + opened + " → " + theirs + "); reload to see their version — your "
                + "draft stays here until you do.");
        assertThat(fx(() -> ed.description().get())).isEqualTo("thin iSCSI pools for the billing databases");
        assertThat(fx(() -> ed.requirements().size())).isEqualTo(2);
        assertThat(Json.decode(stored(layout.profile("fast-iscsi")).orElseThrow().getValue().getBytes(),
                ProfileSpec.class, "test").requirements()).doesNotContainKey(IOPS);
        screenshot(DashboardOptions.View.PROFILES, "editor-conflict.png");

        // Reload takes their version and its revision; deleting at that revision works.
        fx(() -> {
            ed.reload();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed.openedRevision().get()) == theirs
                && fx(() -> ed.requirements().size()) == 1);
        fx(() -> {
            ed.delete();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(layout.profile("fast-iscsi")).isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> ed.mode().get()) == ProfileEditorViewModel.Mode.CLOSED);
    }
}
