package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.profiles.ProfileEditorViewModel;
import com.capreport.dashboard.profiles.RequirementRow;
import com.capreport.dashboard.profiles.SaveReview;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.Operator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
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
import java.util.stream.Stream;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.awaitility.Awaitility;
import org.controlsfx.control.SearchableComboBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The profile editor never corrupts a profile: what it loads it saves back byte-identically (or
 * not at all), on a fresh dashboard, after Edit → Close → Edit, for every operator and kind of
 * value; a change that loses matches or an operator is shown and written only when confirmed.
 * Real etcd, real agents with simulated backends (shared by the tests; they only read pools),
 * a fresh dashboard per test, headless.
 */
@ExtendWith(ApplicationExtension.class)
class ProfileEditorIT {
    static final Path SHOTS = DashboardIT.SHOTS;
    static final String PROTOCOL = ProfilesViewIT.PROTOCOL;
    static final String IOPS = ProfilesViewIT.IOPS;
    static final String PROVISIONING = ProfilesViewIT.PROVISIONING;
    static final String SOURCES = ProfilesViewIT.SOURCES;
    static final String EFFICIENT = "extras.DataStorageLineOfService.IsSpaceEfficient";
    static final String NOBODY = "extras.DataStorageLineOfService.NobodyReportsThis";
    static final String PREFIX = "/e-" + UUID.randomUUID().toString().substring(0, 8);
    static final KeyLayout LAYOUT = new KeyLayout(PREFIX);
    static ManagedEtcd etcd;
    static final List<Agent> AGENTS = new ArrayList<>();
    static Client client;

    DashboardApp app;
    Stage stage;

    @BeforeAll
    static void startEstate() throws Exception {
        // Each case waits for a dozen short hand-offs; the default 100 ms poll would be most of its time.
        Awaitility.setDefaultPollInterval(Duration.ofMillis(25));
        etcd = ManagedEtcd.start();
        // Four pools: vg-gold (free 1200 GiB), vg-silver (400), vg-archive (1024), rbd-gold (20000).
        AGENTS.add(TestEstate.startAgent(etcd, PREFIX, "node-1", "interval: 60s, leaseTtl: 5s",
                TestEstate.lvmLike("lvm-1")));
        AGENTS.add(TestEstate.startAgent(etcd, PREFIX, "node-2", "interval: 60s, leaseTtl: 5s",
                TestEstate.cephLike("ceph-1")));
        client = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), PREFIX));
    }

    @AfterAll
    static void stopEstate() {
        Awaitility.reset();
        AGENTS.forEach(Agent::close);
        if (client != null) {
            client.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new DashboardApp(new DashboardOptions(EtcdConnection.plain(List.of(etcd.endpoint()), PREFIX),
                Optional.empty(), Optional.empty(), DashboardOptions.View.PROFILES, 1280, 720, true));
        app.start(stage);
    }

    @AfterEach
    void stopDashboard() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> app.stop()).get(10, TimeUnit.SECONDS);
    }

    private void pools() {
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 4);
    }

    static Map<String, String> reqs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** What {@code capreport profiles apply} leaves in etcd; waits until the dashboard lists it. */
    private KeyValue put(ProfileSpec p) throws Exception {
        client.getKVClient().put(EtcdClients.bytes(LAYOUT.profile(p.id())), EtcdClients.bytes(Json.encodeString(p)))
                .get(5, TimeUnit.SECONDS);
        KeyValue kv = stored(p.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.profilesModel().rows().stream()
                .anyMatch(r -> r.id().equals(p.id()))));
        return kv;
    }

    private static KeyValue stored(String id) throws Exception {
        return client.getKVClient().get(EtcdClients.bytes(LAYOUT.profile(id))).get(5, TimeUnit.SECONDS).getKvs()
                .get(0);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private ProfileEditorViewModel ed() {
        return app.editorModel();
    }

    private Node node(String id) throws Exception {
        return fx(() -> stage.getScene().getRoot().lookup("#" + id));
    }

    private void press(String id) throws Exception {
        fx(() -> {
            Button b = (Button) stage.getScene().getRoot().lookup("#" + id);
            assertThat(b.isDisabled()).as(id + " disabled").isFalse();
            assertThat(b.isVisible()).as(id + " visible").isTrue();
            b.fire();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Select the profile in the table, press Edit, wait until it is read and its preview is in. */
    private void edit(String id, long revision) throws Exception {
        fx(() -> {
            app.profilesModel().select(id);
            return null;
        });
        press("editProfile");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> !ed().busy().get()
                && ed().openedRevision().get() == revision && ed().mode().get() == ProfileEditorViewModel.Mode.EDIT
                && ed().review().get() != null && ed().review().get().spec().id().equals(id)));
        WaitForAsyncUtils.waitForFxEvents(5);
    }

    private void editCloseEdit(String id, long revision) throws Exception {
        edit(id, revision);
        press("editorClose");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> ed().mode().get())
                == ProfileEditorViewModel.Mode.CLOSED);
        edit(id, revision);
    }

    private Map<String, String> draftRequirements() throws Exception {
        return fx(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (RequirementRow r : ed().requirements()) {
                m.put(r.path().get(), r.expression());
            }
            return m;
        });
    }

    @SuppressWarnings("unchecked")
    private ComboBox<Operator> operatorPicker(int row) throws Exception {
        return (ComboBox<Operator>) fx(() -> node("requirement-" + row).lookup(".req-operator"));
    }

    @SuppressWarnings("unchecked")
    private SearchableComboBox<String> pathPicker(int row) throws Exception {
        return (SearchableComboBox<String>) fx(() -> node("requirement-" + row).lookup(".req-path"));
    }

    /** The pickers on screen show what the draft holds, row by row. */
    private void pickersShow(Map<String, String> expected) throws Exception {
        List<String> paths = new ArrayList<>(expected.keySet());
        for (int i = 0; i < paths.size(); i++) {
            int at = i;
            assertThat(fx(() -> pathPicker(at).getValue())).as("path picker " + i).isEqualTo(paths.get(i));
            Operator want = fx(() -> ed().requirements().get(at).operator().get());
            assertThat(want).as("operator of " + paths.get(i)).isNotNull();
            assertThat(fx(() -> operatorPicker(at).getValue())).as("operator picker " + i).isEqualTo(want);
        }
    }

    private void saveUnchangedWritesNothing(String id, KeyValue before) throws Exception {
        assertThat(fx(() -> ed().canSave().get())).as("Save is off: nothing changed").isFalse();
        assertThat(fx(() -> ed().nothingToSave().get())).startsWith("Nothing to save");
        assertThat(fx(() -> ((Labeled) node("editorNothingToSave")).isVisible())).isTrue();
        // Even forced (a keyboard shortcut, a stale button), Save writes nothing.
        fx(() -> {
            ed().save();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> !ed().busy().get()
                && !ed().message().get().startsWith("Checking")));
        assertThat(fx(() -> ed().nothingToSave().get())).startsWith("Nothing to save");
        KeyValue after = stored(id);
        assertThat(after.getModRevision()).isEqualTo(before.getModRevision());
        assertThat(after.getValue().getBytes()).isEqualTo(before.getValue().getBytes());
    }

    private void setDescription(String text) throws Exception {
        fx(() -> {
            ((TextField) node("editorDescription")).setText(text);
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed().canSave().get()));
    }

    private long saveAndWait(String id, long before) throws Exception {
        press("editorSave");
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(id).getModRevision() > before
                && fx(() -> ed().message().get()).startsWith("Saved profile " + id));
        return stored(id).getModRevision();
    }

    private void screenshot(String file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents(3);
        fx(() -> {
            PngExport.write(stage.getScene().getRoot(), SHOTS.resolve(file));
            return null;
        });
        assertThat(SHOTS.resolve(file)).exists();
    }

    /** The node is shown and lies entirely inside the window: nothing cut off, nothing scrolled away. */
    private void inWindow(String id) throws Exception {
        Bounds b = fx(() -> node(id).localToScene(node(id).getLayoutBounds()));
        double w = fx(() -> stage.getScene().getWidth());
        double h = fx(() -> stage.getScene().getHeight());
        assertThat(fx(() -> node(id).isVisible() && node(id).getParent().isVisible())).as(id + " visible").isTrue();
        assertThat(b.getMinX()).as(id + " left").isGreaterThanOrEqualTo(0);
        assertThat(b.getMinY()).as(id + " top").isGreaterThanOrEqualTo(0);
        assertThat(b.getMaxX()).as(id + " right").isLessThanOrEqualTo(w);
        assertThat(b.getMaxY()).as(id + " bottom").isLessThanOrEqualTo(h);
        if (fx(() -> node(id)) instanceof Labeled l) {
            // A label that is cut shows an ellipsis instead of its text.
            assertThat(fx(() -> l.getWidth() + 0.5 >= l.prefWidth(-1))).as(id + " text fits").isTrue();
        }
    }

    /** Rewrites a pool in etcd with one more capability (what a backend reporting something new looks like). */
    private static void addCapability(PoolSpec pool, String group, String field, Object value) throws Exception {
        ObjectNode tree = (ObjectNode) Json.tree(pool);
        ((ObjectNode) tree.with("extras").with(group)).set(field, Json.mapper().valueToTree(value));
        client.getKVClient().put(EtcdClients.bytes(LAYOUT.pool(pool.dockId(), pool.id())),
                EtcdClients.bytes(Json.mapper().writeValueAsString(tree))).get(5, TimeUnit.SECONDS);
    }

    static final Map<String, String> GOLD = reqs("freeCapacity", ">= 500 GiB", PROVISIONING, "<in> Thin",
            SOURCES, ">= 1", PROTOCOL, "<or> iSCSI <or> RBD");

    @Test
    @Timeout(90)
    void reopeningAProfileKeepsEveryPathAndOperatorAndSavingItUnchangedWritesNothing() throws Exception {
        pools();
        KeyValue kv = put(new ProfileSpec("gold", "Gold", "thin", null, null, GOLD));
        edit("gold", kv.getModRevision());
        assertThat(draftRequirements()).as("first open").isEqualTo(GOLD);
        press("editorClose");
        edit("gold", kv.getModRevision());
        assertThat(draftRequirements()).as("after Edit, Close, Edit").isEqualTo(GOLD);
        pickersShow(GOLD);
        assertThat(fx(() -> ed().preview().get())).startsWith("Would match 2 pools");
        saveUnchangedWritesNothing("gold", kv);
        inWindow("editorNothingToSave");
        screenshot("editor-reopened-1280x720.png");

        // The pools start reporting a new capability while the editor is open: every picker's item list
        // is replaced, and still no path or operator moves.
        addCapability(fx(() -> app.poolsModel().rows().get(0).pool()), "DataStorageLineOfService",
                "BrandNewCapability", 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed().paths().stream()
                .anyMatch(p -> p.endsWith("BrandNewCapability"))));
        WaitForAsyncUtils.waitForFxEvents(5);
        assertThat(draftRequirements()).as("after the catalog changed").isEqualTo(GOLD);
        pickersShow(GOLD);
        assertThat(stored("gold").getModRevision()).isEqualTo(kv.getModRevision());
    }

    /** Every operator of {@link Operator} and every kind of value pools report. */
    static Stream<Arguments> everyOperatorAndValue() {
        return Stream.of(
                Arguments.of("freeCapacity", ">= 500 GiB"),      // a number with a unit
                Arguments.of("freeCapacity", "<= 30000"),
                Arguments.of("totalCapacity", "= 1000"),         // Cinder's legacy "at least"
                Arguments.of(SOURCES, "== 2"),
                Arguments.of(SOURCES, "!= 3"),
                Arguments.of(SOURCES, ">= 2"),
                Arguments.of(SOURCES, "1"),                      // a bare number, stored so: not "becomes bare"
                Arguments.of(PROTOCOL, "iSCSI"),                 // a bare string
                Arguments.of(PROTOCOL, "s== iSCSI"),
                Arguments.of(PROTOCOL, "s!= RBD"),
                Arguments.of(PROTOCOL, "s< Z"),
                Arguments.of(PROTOCOL, "s<= iSCSI"),
                Arguments.of(PROTOCOL, "s> A"),
                Arguments.of(PROTOCOL, "s>= A"),
                Arguments.of(PROTOCOL, "<in> SCSI"),
                Arguments.of(PROTOCOL, "<or> iSCSI <or> RBD"),
                Arguments.of(EFFICIENT, "<is> True"),            // a boolean
                Arguments.of(EFFICIENT, "True"),
                Arguments.of(PROVISIONING, "<in> Thin"),         // a list
                Arguments.of(PROVISIONING, "<all-in> Thin Fixed"),
                Arguments.of(PROVISIONING, "<or> Thin <or> Fixed"),
                Arguments.of(PROVISIONING, "Thin"),
                Arguments.of(IOPS, ">=  6000"),                  // odd spacing is kept as written
                Arguments.of(NOBODY, "<in> x"));                 // a path no pool reports
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyOperatorAndValue")
    @Timeout(60)
    void everyOperatorAndValueRoundTripsThroughTheEditorByteIdentically(String path, String expression)
            throws Exception {
        pools();
        String id = "rt-" + Integer.toHexString((path + expression).hashCode());
        ProfileSpec p = new ProfileSpec(id, "Round trip", "before", null, null,
                reqs(path, expression));
        KeyValue kv = put(p);
        editCloseEdit(id, kv.getModRevision());
        assertThat(draftRequirements()).isEqualTo(p.requirements());
        saveUnchangedWritesNothing(id, kv);

        // A real save of another field writes the requirements back exactly as they were.
        setDescription("after");
        long now = saveAndWait(id, kv.getModRevision());
        assertThat(stored(id).getValue().getBytes()).isEqualTo(Json.encode(new ProfileSpec(id, "Round trip", "after",
                null, null, p.requirements())));
        assertThat(now).isGreaterThan(kv.getModRevision());
    }

    @Test
    @Timeout(90)
    void changingOnlyTheDescriptionLeavesTheStoredRequirementsUnchanged() throws Exception {
        pools();
        ProfileSpec gold = new ProfileSpec("gold-desc", "Gold", "thin", null, 2, GOLD);
        KeyValue kv = put(gold);
        editCloseEdit("gold-desc", kv.getModRevision());
        setDescription("thin iSCSI or RBD with 500 GiB free");
        assertThat(fx(() -> ed().review().get().changeLines()))
                .containsExactly("Description: 'thin' → 'thin iSCSI or RBD with 500 GiB free'");
        assertThat(fx(() -> ed().review().get().effect())).isEqualTo("Matches: 2 → 2 pools");
        saveAndWait("gold-desc", kv.getModRevision());
        ProfileSpec saved = Json.decode(stored("gold-desc").getValue().getBytes(), ProfileSpec.class, "test");
        assertThat(saved.requirements()).containsExactlyEntriesOf(GOLD);
        assertThat(saved).isEqualTo(new ProfileSpec("gold-desc", "Gold", "thin iSCSI or RBD with 500 GiB free",
                null, 2, GOLD));
    }

    @Test
    @Timeout(90)
    void aSaveThatDropsMatchesShowsTheChangeAndWritesOnlyWhenConfirmed() throws Exception {
        pools();
        KeyValue kv = put(new ProfileSpec("bulk", "Bulk", "half a TiB free", null, null,
                reqs("freeCapacity", ">= 500 GiB")));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.profilesModel().rows().stream()
                .anyMatch(r -> r.id().equals("bulk") && r.matches() == 3)));
        editCloseEdit("bulk", kv.getModRevision());

        // A draft with an error is refused, and says why.
        RequirementRow wrong = fx(() -> {
            RequirementRow r = ed().addRequirement();
            r.path().set(PROVISIONING);
            r.operator().set(Operator.NUM_GE);
            r.value().set("3");
            return r;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed().blocking().get()).startsWith("Save is off"));
        assertThat(fx(() -> ed().canSave().get())).isFalse();
        assertThat(fx(() -> node("editorSave").isDisabled())).isTrue();
        fx(() -> {
            ed().save();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed().message().get()).startsWith("Not saved: "));
        assertThat(fx(() -> ed().pendingReview().get())).isNull();
        fx(() -> {
            ed().removeRequirement(wrong);
            return null;
        });

        // The admin picks "(value)" in the operator picker and types 600 GiB: no pool matches any more.
        ComboBox<Operator> op = operatorPicker(0);
        fx(() -> {
            op.setValue(Operator.VALUE);
            ((TextField) node("requirement-0").lookup(".req-value")).setText("600 GiB");
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed().previewCount().get()) == 0
                && fx(() -> ed().canSave().get()));
        press("editorSave");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed().pendingReview().get()) != null);
        SaveReview r = fx(() -> ed().pendingReview().get());
        assertThat(r.changeLines()).containsExactly("freeCapacity: '>= 500 GiB' → '600 GiB'");
        assertThat(r.effect()).isEqualTo("Matches: 3 → 0 pools");
        assertThat(r.concerns()).hasSize(2);
        assertThat(r.concerns().get(0)).isEqualTo("Fewer pools would match: 3 → 0 (none).");
        assertThat(r.concerns().get(1)).contains("'600 GiB' has no operator").contains("'>= 600 GiB'");
        String panel = fx(() -> texts(node("saveConfirmation")));
        assertThat(panel).contains("Matches: 3 → 0 pools").contains("freeCapacity: '>= 500 GiB' → '600 GiB'")
                .contains("has no operator");
        assertThat(fx(() -> node("editorSave").isDisabled())).as("Save waits for the answer").isTrue();
        assertThat(stored("bulk").getModRevision()).as("nothing written yet").isEqualTo(kv.getModRevision());
        inWindow("confirmSave");
        inWindow("backToEditing");
        inWindow("saveConfirmation");
        screenshot("editor-confirm-1280x720.png");

        // Back to editing: nothing written, the draft is as it was.
        press("backToEditing");
        assertThat(fx(() -> ed().pendingReview().get())).isNull();
        assertThat(fx(() -> node("saveConfirmation").isVisible())).isFalse();
        assertThat(draftRequirements()).containsExactly(Map.entry("freeCapacity", "600 GiB"));
        assertThat(stored("bulk").getModRevision()).isEqualTo(kv.getModRevision());

        // Save again, now at 1920×1080, and Save anyway: written as reviewed.
        fx(() -> {
            stage.setWidth(1920);
            stage.setHeight(1080);
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed().canSave().get()));
        press("editorSave");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed().pendingReview().get()) != null);
        inWindow("confirmSave");
        inWindow("backToEditing");
        screenshot("editor-confirm-1920x1080.png");
        assertThat(stored("bulk").getModRevision()).isEqualTo(kv.getModRevision());
        press("confirmSave");
        await().atMost(Duration.ofSeconds(10)).until(() -> stored("bulk").getModRevision() > kv.getModRevision());
        assertThat(Json.decode(stored("bulk").getValue().getBytes(), ProfileSpec.class, "test").requirements())
                .containsExactly(Map.entry("freeCapacity", "600 GiB"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ed().message().get())
                .startsWith("Saved profile bulk at revision"));
        assertThat(fx(() -> ed().message().get())).contains("Matches: 3 → 0 pools");
    }

    private static String texts(Node n) {
        StringBuilder b = new StringBuilder();
        if (n instanceof Labeled l && l.isVisible()) {
            b.append(l.getText()).append('\n');
        }
        if (n instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> b.append(texts(c)));
        }
        return b.toString();
    }
}
