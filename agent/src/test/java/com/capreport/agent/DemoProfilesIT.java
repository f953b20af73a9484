package com.capreport.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.agent.profiles.ProfileStore;
import com.capreport.agent.profiles.ProfileWrite;
import com.capreport.agent.profiles.StoredProfile;
import com.capreport.model.ProfileSpec;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo's example profiles in a real etcd: written on the first start, never over an admin's edit. */
class DemoProfilesIT {
    @Test
    @Timeout(60)
    void theDemoHoldsTheExamplesAfterStartAndAnEditedOneSurvivesTheNextBootstrap() throws Exception {
        try (ManagedEtcd etcd = ManagedEtcd.start()) {
            EtcdConnection c = EtcdConnection.plain(List.of(etcd.endpoint()), "/capreport/v1");
            List<ProfileWrite> first = DemoProfiles.apply(c, Duration.ofSeconds(5));
            assertThat(first).hasSize(3).allMatch(w -> w instanceof ProfileWrite.Written);
            try (Client client = EtcdClients.connect(c)) {
                ProfileStore store = new ProfileStore(client, c.layout(), Duration.ofSeconds(5));
                List<StoredProfile> stored = store.list().profiles();
                assertThat(stored).extracting(StoredProfile::id)
                        .containsExactlyInAnyOrder("demo-replicated", "demo-thin-iscsi", "demo-nvme-rack");
                assertThat(stored).allMatch(p -> p.profile().description().startsWith(DemoProfiles.MARK));

                StoredProfile thin = stored.stream().filter(p -> p.id().equals("demo-thin-iscsi")).findFirst()
                        .orElseThrow();
                ProfileSpec edited = new ProfileSpec(thin.id(), thin.profile().name(), "mine now",
                        thin.profile().storageType(), 1, thin.profile().requirements());
                assertThat(store.update(edited, thin.revision())).isInstanceOf(ProfileWrite.Written.class);

                List<ProfileWrite> second = DemoProfiles.apply(c, Duration.ofSeconds(5));
                assertThat(second).allMatch(w -> w instanceof ProfileWrite.Conflict);
                ProfileStore.Lookup after = store.get("demo-thin-iscsi");
                assertThat(after).isInstanceOfSatisfying(ProfileStore.Lookup.Found.class,
                        f -> assertThat(f.stored().profile()).isEqualTo(edited));
            }
        }
    }
}
