package com.capreport.agent.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.KeyLayout;
import com.capreport.model.ProfileSpec;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Compare-and-swap on profile keys against a real etcd: two admins who read the same revision
 * never overwrite each other; the second is refused and told which revision won.
 */
@Tag("integration")
@Timeout(30)
class ProfileStoreIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ProfileSpec GOLD = new ProfileSpec("gold", "Gold", "", "block",
            Map.of("extras.IOConnectivityLineOfService.MaxIOPS", ">= 5000"));

    private Client admin1;
    private Client admin2;
    private KeyLayout layout;
    private ProfileStore store1;
    private ProfileStore store2;

    @BeforeEach
    void connectTwoAdmins(TestInfo info) {
        layout = new KeyLayout(TestEtcd.uniquePrefix("profile-store-" + info.getTestMethod().orElseThrow().getName()));
        admin1 = TestEtcd.client();
        admin2 = TestEtcd.client();
        store1 = new ProfileStore(admin1, layout, TIMEOUT);
        store2 = new ProfileStore(admin2, layout, TIMEOUT);
    }

    @AfterEach
    void close() {
        admin1.close();
        admin2.close();
    }

    @Test
    void createdProfileIsReadBackWithItsRevision() throws Exception {
        ProfileWrite w = store1.create(GOLD);

        assertThat(w).isInstanceOf(ProfileWrite.Written.class);
        long revision = ((ProfileWrite.Written) w).revision();
        assertThat(store2.get("gold")).isEqualTo(new ProfileStore.Lookup.Found(new StoredProfile(GOLD, revision, revision, 1)));
        assertThat(store2.list().profiles()).extracting(StoredProfile::id, StoredProfile::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gold", revision));
    }

    @Test
    void secondAdminWritingFromTheSameRevisionIsRefusedAndToldWhichRevisionWon() throws Exception {
        long read = ((ProfileWrite.Written) store1.create(GOLD)).revision();
        long seenBy1 = found(store1.get("gold")).revision();
        long seenBy2 = found(store2.get("gold")).revision();
        assertThat(seenBy1).isEqualTo(seenBy2).isEqualTo(read);

        ProfileWrite first = store1.update(GOLD.withRequirements(Map.of("freeCapacity", ">= 500")), seenBy1);
        ProfileWrite second = store2.update(GOLD.withRequirements(Map.of("freeCapacity", ">= 900")), seenBy2);

        assertThat(first).isInstanceOf(ProfileWrite.Written.class);
        long won = ((ProfileWrite.Written) first).revision();
        assertThat(second).isEqualTo(new ProfileWrite.Conflict("gold", read, won));
        assertThat(((ProfileWrite.Conflict) second).message()).isEqualTo("profile gold was changed at revision " + won
                + " since you read it at revision " + read + "; run `capreport profiles show gold` and re-apply");
        assertThat(found(store2.get("gold")).profile().requirements()).containsExactly(Map.entry("freeCapacity", ">= 500"));
    }

    @Test
    void createOfAnExistingIdIsRefusedNamingItsRevision() throws Exception {
        long existing = ((ProfileWrite.Written) store1.create(GOLD)).revision();

        ProfileWrite again = store2.create(GOLD.withRequirements(Map.of()));

        assertThat(again).isEqualTo(new ProfileWrite.Conflict("gold", 0, existing));
        assertThat(((ProfileWrite.Conflict) again).message()).contains("already exists (revision " + existing + ")");
        assertThat(found(store1.get("gold")).profile()).isEqualTo(GOLD);
    }

    @Test
    void deleteWithAStaleRevisionIsRefusedAndTheProfileStays() throws Exception {
        long read = ((ProfileWrite.Written) store1.create(GOLD)).revision();
        long changed = ((ProfileWrite.Written) store2.update(GOLD.withRequirements(Map.of()), read)).revision();

        ProfileWrite stale = store1.delete("gold", read);
        ProfileWrite current = store1.delete("gold", changed);

        assertThat(stale).isEqualTo(new ProfileWrite.Conflict("gold", read, changed));
        assertThat(current).isInstanceOf(ProfileWrite.Written.class);
        assertThat(store1.get("gold")).isEqualTo(new ProfileStore.Lookup.Absent("gold"));
    }

    @Test
    void updateOfAProfileDeletedMeanwhileSaysItWasDeleted() throws Exception {
        long read = ((ProfileWrite.Written) store1.create(GOLD)).revision();
        assertThat(store2.deleteUnconditionally("gold")).isInstanceOf(ProfileWrite.Written.class);

        ProfileWrite w = store1.update(GOLD, read);

        assertThat(w).isEqualTo(new ProfileWrite.Conflict("gold", read, 0));
        assertThat(((ProfileWrite.Conflict) w).message()).contains("was deleted since you read it at revision " + read);
        assertThat(store1.get("gold")).isEqualTo(new ProfileStore.Lookup.Absent("gold"));
    }

    @Test
    void unconditionalDeleteOfNothingIsMissing() throws Exception {
        assertThat(store1.deleteUnconditionally("nothing")).isEqualTo(new ProfileWrite.Missing("nothing"));
    }

    @Test
    void garbageUnderAProfileKeyIsListedAsUnreadableWithItsRevisionNotDropped() throws Exception {
        store1.create(GOLD);
        long garbage = admin1.getKVClient().put(EtcdClients.bytes(layout.profile("broken")), EtcdClients.bytes("{not json"))
                .get(10, TimeUnit.SECONDS).getHeader().getRevision();

        ProfileStore.Listing l = store2.list();

        assertThat(l.profiles()).extracting(StoredProfile::id).containsExactly("gold");
        assertThat(l.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.key()).isEqualTo(layout.profile("broken"));
            assertThat(u.revision()).isEqualTo(garbage);
        });
        assertThat(store2.get("broken")).isInstanceOf(ProfileStore.Lookup.Unreadable.class);
        assertThat(store2.update(new ProfileSpec("broken", null, null, null, Map.of()), garbage))
                .as("a readable profile can replace garbage at the revision that was read")
                .isInstanceOf(ProfileWrite.Written.class);
    }

    private static StoredProfile found(ProfileStore.Lookup l) {
        assertThat(l).isInstanceOf(ProfileStore.Lookup.Found.class);
        return ((ProfileStore.Lookup.Found) l).stored();
    }
}
