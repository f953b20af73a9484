package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.dashboard.profiles.ProfileEditorViewModel;
import com.capreport.dashboard.profiles.RequirementRow;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.ProfileSpec;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
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

@ExtendWith(ApplicationExtension.class)
class ProfileEditorIT {
    static final String PROTOCOL = ProfilesViewIT.PROTOCOL;
    static final String PROVISIONING = ProfilesViewIT.PROVISIONING;
    static final String SOURCES = ProfilesViewIT.SOURCES;
    static ManagedEtcd etcd;

    final String prefix = "/e-" + UUID.randomUUID().toString().substring(0, 8);
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
                Optional.empty(), Optional.empty(), DashboardOptions.View.PROFILES, 1280, 720, true));
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

    private void estate() throws Exception {
        agents.add(TestEstate.startAgent(etcd, prefix, "node-1", "interval: 60s, leaseTtl: 5s",
                TestEstate.lvmLike("lvm-1")));
        agents.add(TestEstate.startAgent(etcd, prefix, "node-2", "interval: 60s, leaseTtl: 5s",
                TestEstate.cephLike("ceph-1")));
        client = EtcdClients.connect(EtcdConnection.plain(List.of(etcd.endpoint()), prefix));
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> app.poolsModel().rows().size()) == 4);
    }

    static Map<String, String> reqs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private KeyValue put(ProfileSpec p) throws Exception {
        client.getKVClient().put(EtcdClients.bytes(layout.profile(p.id())), EtcdClients.bytes(Json.encodeString(p)))
                .get(5, TimeUnit.SECONDS);
        return stored(p.id());
    }

    private KeyValue stored(String id) throws Exception {
        return client.getKVClient().get(EtcdClients.bytes(layout.profile(id))).get(5, TimeUnit.SECONDS).getKvs()
                .get(0);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    private void press(String id) throws Exception {
        fx(() -> {
            Button b = (Button) stage.getScene().getRoot().lookup("#" + id);
            assertThat(b.isDisabled()).as(id + " disabled").isFalse();
            b.fire();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** What the admin does: select the profile in the table and press Edit; waits until it is read and previewed. */
    private void edit(String id, long revision) throws Exception {
        fx(() -> {
            app.profilesModel().select(id);
            return null;
        });
        press("editProfile");
        ProfileEditorViewModel ed = app.editorModel();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> !ed.busy().get()
                && ed.openedRevision().get() == revision && ed.mode().get() == ProfileEditorViewModel.Mode.EDIT));
        WaitForAsyncUtils.waitForFxEvents(5);
    }

    private Map<String, String> draftRequirements() throws Exception {
        return fx(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (RequirementRow r : app.editorModel().requirements()) {
                m.put(r.path().get(), r.expression());
            }
            return m;
        });
    }

    @Test
    @Timeout(90)
    void reopeningAProfileKeepsEveryOperatorAndPath() throws Exception {
        estate();
        ProfileSpec gold = new ProfileSpec("gold", "Gold", "thin", null, null, reqs("freeCapacity", ">= 500 GiB",
                PROVISIONING, "<in> Thin", SOURCES, ">= 1", PROTOCOL, "<or> iSCSI <or> RBD"));
        KeyValue kv = put(gold);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> app.profilesModel().rows().size()) == 1);
        edit("gold", kv.getModRevision());
        assertThat(draftRequirements()).as("first open").isEqualTo(gold.requirements());
        press("editorClose");
        edit("gold", kv.getModRevision());
        assertThat(draftRequirements()).as("second open").isEqualTo(gold.requirements());
    }
}
