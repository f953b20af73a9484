package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.common.Tone;
import com.capreport.dashboard.snapshots.DiffEntry;
import com.capreport.dashboard.snapshots.FileChoice;
import com.capreport.dashboard.snapshots.SnapshotsViewModel;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.capreport.model.Snapshot;
import com.capreport.model.snapshot.SnapshotCsv;
import com.capreport.model.snapshot.Snapshots;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Snapshots in the dashboard against a real etcd with real agents, headless under Monocle: export
 * (JSON and CSV) read back by the model's reader and a CSV parser; a snapshot file browsed
 * read-only in the live views; the file compared with the live estate after etcd changed; a
 * corrupt file refused in one sentence with nothing replaced. File dialogs are the view's
 * {@link FileChoice} seam, fed here with paths.
 */
@ExtendWith(ApplicationExtension.class)
class SnapshotsViewIT {
    static final Path SHOTS = DashboardIT.SHOTS;
    static final String PROTOCOL = "extras.IOConnectivityLineOfService.AccessProtocol";
    static final String SOURCES = "extras.DataStorageLineOfService.RecoverableCapacitySourceCount";
    static ManagedEtcd etcd;

    final String prefix = "/s-" + UUID.randomUUID().toString().substring(0, 8);
    final KeyLayout layout = new KeyLayout(prefix);
    final List<Agent> agents = new ArrayList<>();
    /** What the "file dialogs" answer, in order. */
    final Deque<Path> choices = new ArrayDeque<>();
    final List<FileChoice.Purpose> asked = new ArrayList<>();
    DashboardApp app;
    Stage stage;
    Client client;

    @TempDir
    Path dir;

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
                Optional.empty(), Optional.empty(), DashboardOptions.View.POOLS, 1500, 800, false));
        app.start(stage);
        app.snapshotsView().setFileChoice((purpose, owner) -> {
            asked.add(purpose);
            return Optional.ofNullable(choices.poll());
        });
    }

    @AfterEach
    void stopAll() throws Exception {
        agents.forEach(Agent::close);
        if (client != null) {
            client.close();
        }
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(15, TimeUnit.SECONDS);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private void onFx(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    private SnapshotsViewModel vm() {
        return app.snapshotsModel();
    }

    /** Waits for the running command to end and returns its one-sentence outcome. */
    private String outcome() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> !vm().busy().get() && !vm().message().get().isEmpty()));
        return fx(() -> vm().message().get());
    }

    private List<String> poolNames() throws Exception {
        return fx(() -> app.poolsModel().rows().stream().map(r -> r.pool().name()).sorted().toList());
    }

    private void screenshot(String file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents(3);
        onFx(() -> {
            try {
                PngExport.write(stage.getScene().getRoot(), SHOTS.resolve(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(SHOTS.resolve(file)).exists();
    }

    @Test
    @Timeout(120)
    void exportOpenReadOnlyCompareWithLiveAndRefuseACorruptFile(FxRobot robot) throws Exception {
        agents.add(TestEstate.startAgent(etcd, prefix, "node-1", "interval: 60s, leaseTtl: 5s",
                TestEstate.lvmLike("lvm-1")));
        agents.add(TestEstate.startAgent(etcd, prefix, "node-2", "interval: 60s, leaseTtl: 5s",
                TestEstate.cephLike("ceph-1")));
        client = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), prefix));
        ProfileSpec replicated = new ProfileSpec("replicated", "Replicated", "survives the loss of a disk", null, null,
                Map.of(SOURCES, ">= 2"));
        client.getKVClient().put(EtcdClients.bytes(layout.profile("replicated")),
                EtcdClients.bytes(Json.encodeString(replicated))).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> poolNames().size() == 4
                && fx(() -> app.profilesModel().count().get()) == 1);

        // --- export JSON through the view's button (the "dialog" answers with a path) ---
        Path json = dir.resolve("estate-before.json");
        choices.add(json);
        onFx(() -> app.mainView().show(DashboardOptions.View.SNAPSHOTS));
        robot.clickOn("#exportSnapshot");
        String wrote = outcome();
        assertThat(asked).containsExactly(FileChoice.Purpose.EXPORT);
        Snapshot before = Snapshots.read(Files.readAllBytes(json), json.toString());
        assertThat(wrote).isEqualTo("Wrote " + json.toAbsolutePath() + " (JSON, 4 pools at revision "
                + before.source().revision() + ").");
        assertThat(fx(() -> vm().messageTone().get())).isEqualTo(Tone.OK);
        assertThat(before.pools()).extracting(PoolSpec::name)
                .containsExactlyInAnyOrder("vg-gold", "vg-silver", "vg-archive", "rbd-gold");
        assertThat(before.source().endpoints()).containsExactly(etcd.endpoint());
        assertThat(before.source().prefix()).isEqualTo(prefix);
        assertThat(before.source().revision()).isPositive();
        assertThat(before.docks()).hasSize(2).allMatch(Snapshot.DockEntry::alive);
        assertThat(before.matches()).singleElement().satisfies(m -> assertThat(m.profileId()).isEqualTo("replicated"));
        assertThat(Files.list(dir).toList()).containsExactly(json); // atomic: no temporary file left behind

        // --- export CSV (by the extension), read back by an independent CSV parser ---
        Path csv = dir.resolve("pools.csv");
        choices.add(csv);
        onFx(() -> app.snapshotsView().exportChosen());
        assertThat(outcome()).startsWith("Wrote " + csv.toAbsolutePath() + " (CSV, 4 pools at revision ");
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerForListOf(String.class).readValues(Files.readString(csv, StandardCharsets.UTF_8))) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows.get(0)).isEqualTo(SnapshotCsv.columns(before));
        assertThat(rows).hasSize(5);
        int name = rows.get(0).indexOf("name");
        int protocol = rows.get(0).indexOf(PROTOCOL);
        assertThat(rows.subList(1, 5)).extracting(r -> r.get(name))
                .containsExactlyInAnyOrder("vg-gold", "vg-silver", "vg-archive", "rbd-gold");
        assertThat(rows.stream().filter(r -> r.get(name).equals("rbd-gold")).findFirst().orElseThrow().get(protocol))
                .isEqualTo("RBD");

        // --- an editor open on a profile, then the snapshot opened: views show the file, writing is off ---
        onFx(() -> app.editorModel().openEdit("replicated"));
        // An unchanged draft has nothing to save: edit it, so Save is on until the snapshot turns writing off.
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> "replicated".equals(app.editorModel().id().get())
                && !app.editorModel().name().get().isEmpty()));
        onFx(() -> app.editorModel().description().set("edited while a snapshot is opened"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.editorModel().canSave().get()));
        choices.add(json);
        onFx(() -> app.snapshotsView().openChosen());
        assertThat(outcome()).startsWith("Showing estate-before.json read-only (4 pools at revision "
                + before.source().revision() + ")");
        assertThat(fx(() -> vm().banner().get())).startsWith("SNAPSHOT taken ")
                .contains(" · etcd revision " + before.source().revision() + " · estate-before.json — read-only");
        assertThat(fx(() -> app.snapshotsView().bannerBar().isVisible())).isTrue();
        assertThat(robot.lookup("#backToLive").queryButton().isVisible()).isTrue();
        assertThat(fx(() -> app.editorModel().canSave().get())).isFalse();
        assertThat(robot.lookup("#editorSave").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#newProfile").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#discoverNow").queryButton().isDisabled()).isTrue();

        // --- etcd changes while the snapshot is shown: vg-silver deleted, vg-gold's protocol and free space
        // changed, rbd-gold down to one replica (so "replicated" loses it) ---
        PoolSpec silver = before.pools().stream().filter(p -> p.name().equals("vg-silver")).findFirst().orElseThrow();
        PoolSpec gold = before.pools().stream().filter(p -> p.name().equals("vg-gold")).findFirst().orElseThrow();
        client.getKVClient().delete(EtcdClients.bytes(layout.pool(silver.dockId(), silver.id())))
                .get(5, TimeUnit.SECONDS);
        ObjectNode tree = (ObjectNode) Json.tree(gold);
        ((ObjectNode) tree.with("extras").with("IOConnectivityLineOfService")).put("AccessProtocol", "FC");
        long goldFree = gold.freeCapacityBytes();
        tree.put("freeCapacityBytes", goldFree / 2);
        client.getKVClient().put(EtcdClients.bytes(layout.pool(gold.dockId(), gold.id())),
                EtcdClients.bytes(Json.mapper().writeValueAsString(tree))).get(5, TimeUnit.SECONDS);
        PoolSpec rbd = before.pools().stream().filter(p -> p.name().equals("rbd-gold")).findFirst().orElseThrow();
        ObjectNode rbdTree = (ObjectNode) Json.tree(rbd);
        ((ObjectNode) rbdTree.with("extras").with("DataStorageLineOfService")).put("RecoverableCapacitySourceCount", 1);
        client.getKVClient().put(EtcdClients.bytes(layout.pool(rbd.dockId(), rbd.id())),
                EtcdClients.bytes(Json.mapper().writeValueAsString(rbdTree))).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.headerModel().etcdDetail().get())
                .endsWith("revision " + (before.source().revision() + 3)));
        // The live thresholds are still watched while the views show the file: "replicated" dropped to zero.
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.eventsModel().events().stream()
                .anyMatch(e -> e.kind().equals("profile-at-risk") && e.dockId().equals("profile:replicated"))));
        // The live feed moved on; the views still show the file (and its profile, still matched).
        assertThat(fx(() -> app.profilesModel().rows().get(0).matches())).isEqualTo(1);
        assertThat(poolNames()).containsExactly("rbd-gold", "vg-archive", "vg-gold", "vg-silver");
        assertThat(fx(() -> app.headerModel().pools().get())).isEqualTo("4 pools");
        onFx(() -> app.mainView().show(DashboardOptions.View.POOLS));
        screenshot("snapshot-pools.png");

        // --- compare the open snapshot with live: the removed pool and the changed capability ---
        onFx(() -> vm().compareOpenWithLive());
        assertThat(outcome()).isEqualTo("Compared: 1 pool removed, 2 pools changed, 1 profile change.");
        assertThat(fx(() -> app.mainView().current())).isEqualTo(DashboardOptions.View.SNAPSHOTS);
        SnapshotsViewModel.Counts counts = fx(() -> vm().counts().get());
        assertThat(counts.added()).isZero();
        assertThat(counts.removed()).isEqualTo(1);
        assertThat(counts.changed()).isEqualTo(2);
        assertThat(counts.profiles()).isEqualTo(1);
        List<DiffEntry> entries = fx(() -> List.copyOf(vm().entries()));
        assertThat(entries).filteredOn(e -> e.kind() == DiffEntry.Kind.POOL_REMOVED).singleElement()
                .satisfies(e -> assertThat(e.item()).isEqualTo("node-1/vg-silver"));
        DiffEntry changed = entries.stream().filter(e -> e.kind() == DiffEntry.Kind.POOL_CHANGED
                && e.item().equals("node-1/vg-gold")).findFirst().orElseThrow();
        assertThat(changed.summary()).contains("AccessProtocol: \"iSCSI\" → \"FC\"")
                .contains("freeCapacityBytes: ").contains(", \u2212" + com.capreport.model.Capacity.human(goldFree - goldFree / 2) + " (\u221250 %)");
        assertThat(entries).filteredOn(e -> e.kind() == DiffEntry.Kind.PROFILE).singleElement()
                .satisfies(e -> assertThat(e.item()).isEqualTo("replicated"))
                .satisfies(e -> assertThat(e.summary()).isEqualTo("1 → 0 matching pools; lost node-2/rbd-gold"));
        assertThat(fx(() -> vm().compareTitle().get())).startsWith("estate-before.json (revision "
                + before.source().revision()).contains("→  live (revision ");
        int changedRow = entries.indexOf(changed);
        onFx(() -> app.snapshotsView().table().getSelectionModel().select(changedRow));
        assertThat(fx(() -> vm().details().get())).contains(PROTOCOL + ": \"iSCSI\" → \"FC\"");
        assertThat(robot.lookup("#compareDetails").queryLabeled().getText()).contains("\"iSCSI\" → \"FC\"");
        assertThat(robot.lookup("#countRemoved").queryLabeled().getText()).isEqualTo("1 pool removed");
        screenshot("snapshot-compare.png");

        // --- a corrupt (truncated) file: one sentence with file and position; the open snapshot stays ---
        byte[] whole = Files.readAllBytes(json);
        Path corrupt = dir.resolve("truncated.json");
        Files.write(corrupt, java.util.Arrays.copyOf(whole, whole.length / 2));
        choices.add(corrupt);
        onFx(() -> app.snapshotsView().openChosen());
        String refused = outcome();
        assertThat(refused).startsWith("Not opened: truncated.json: not valid JSON").contains("line ")
                .contains("column ").endsWith("still showing estate-before.json.").doesNotContain("\n");
        assertThat(fx(() -> vm().messageTone().get())).isEqualTo(Tone.ERROR);
        assertThat(fx(() -> vm().browsing().get().name())).isEqualTo("estate-before.json");
        assertThat(poolNames()).hasSize(4);

        // --- the same comparison from two files: the live estate exported, then "Compare two files…" ---
        onFx(() -> vm().backToLive());
        await().atMost(Duration.ofSeconds(10)).until(() -> poolNames().equals(List.of("rbd-gold", "vg-archive",
                "vg-gold")));
        assertThat(fx(() -> app.snapshotsView().bannerBar().isVisible())).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.editorModel().canSave().get()));
        assertThat(fx(() -> ((Button) robot.lookup("#newProfile").query()).isDisabled())).isFalse();
        Path after = dir.resolve("estate-after.json");
        choices.add(after);
        onFx(() -> app.snapshotsView().exportChosen());
        assertThat(outcome()).startsWith("Wrote " + after.toAbsolutePath() + " (JSON, 3 pools at revision ");
        choices.add(json);
        choices.add(after);
        onFx(() -> app.snapshotsView().compareFilesChosen());
        assertThat(outcome()).isEqualTo("Compared: 1 pool removed, 2 pools changed, 1 profile change.");
        assertThat(fx(() -> vm().compareTitle().get())).startsWith("estate-before.json").contains("→  estate-after.json");

        // A corrupt file while live: nothing replaced, the views stay live.
        choices.add(corrupt);
        onFx(() -> app.snapshotsView().openChosen());
        assertThat(outcome()).startsWith("Not opened: truncated.json:").endsWith("still showing the live estate.");
        assertThat(fx(() -> vm().browsing().get())).isNull();
        assertThat(poolNames()).hasSize(3);
        assertThat(robot.lookup("#snapshotMessage").queryAs(Labeled.class).getText()).startsWith("Not opened:");
    }
}
