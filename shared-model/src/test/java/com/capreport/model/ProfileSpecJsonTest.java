package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileSpecJsonTest {
    private static final String GOLD = "profile-gold.json";

    @Test
    void profileDecodeEncodeDecodeGivesAnEqualRecord() throws ModelParseException {
        ProfileSpec profile = Fixtures.decode(GOLD, ProfileSpec.class);

        assertThat(Json.decode(Json.encode(profile), ProfileSpec.class, "re-encoded profile")).isEqualTo(profile);
    }

    @Test
    void profileReEncodesToExactlyTheTreeOfTheFile() {
        ProfileSpec profile = Fixtures.decode(GOLD, ProfileSpec.class);

        assertThat(Json.tree(profile)).isEqualTo(Fixtures.fileTree(GOLD));
    }

    @Test
    void requirementExpressionsAreKeptVerbatimInDocumentOrder() {
        ProfileSpec profile = Fixtures.decode(GOLD, ProfileSpec.class);

        assertThat(profile.requirements().keySet()).containsExactly(
                "availabilityZone",
                "freeCapacity",
                "extras.DataStorageLineOfService.ProvisioningPolicy",
                "extras.DataStorageLineOfService.IsSpaceEfficient",
                "extras.DataStorageLineOfService.RecoverableCapacitySourceCount",
                "extras.IOConnectivityLineOfService.AccessProtocol",
                "extras.IOConnectivityLineOfService.MaxIOPS",
                "extras.DataProtectionLineOfService.ReplicaType",
                "extras.DataProtectionLineOfService.RecoveryGeographicObjective",
                "driver");
        assertThat(profile.requirements())
                .containsEntry("freeCapacity", ">= 500")
                .containsEntry("extras.DataStorageLineOfService.IsSpaceEfficient", "<is> True")
                .containsEntry("extras.IOConnectivityLineOfService.AccessProtocol", "<or> iSCSI <or> RBD")
                .containsEntry("extras.DataProtectionLineOfService.ReplicaType", "<all-in> Snapshot Clone")
                .containsEntry("extras.DataProtectionLineOfService.RecoveryGeographicObjective", "s!= Server");
    }

    @Test
    void decodedRequirementsAreUnmodifiable() {
        ProfileSpec profile = Fixtures.decode(GOLD, ProfileSpec.class);

        assertThatThrownBy(() -> profile.requirements().put("freeCapacity", ">= 1"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void profileWithoutNameIsNamedAfterItsId() throws ModelParseException {
        ProfileSpec profile = Json.decode("{\"id\": \"bronze\", \"requirements\": {\"freeCapacity\": \">= 100\"}}",
                ProfileSpec.class, "profile key /capreport/v1/profiles/bronze");

        assertThat(profile.name()).isEqualTo("bronze");
        assertThat(profile.description()).isEmpty();
        assertThat(profile.requirements()).containsExactly(Map.entry("freeCapacity", ">= 100"));
    }

    @Test
    void minMatchesIsOptionalAndDefaultsToAThresholdOfOne() throws ModelParseException {
        ProfileSpec unset = Json.decode("{\"id\": \"bronze\"}", ProfileSpec.class, "profile");
        ProfileSpec three = Json.decode("{\"id\": \"bronze\", \"minMatches\": 3}", ProfileSpec.class, "profile");

        assertThat(unset.threshold()).isEqualTo(1);
        assertThat(Json.encodeString(unset)).doesNotContain("minMatches");
        assertThat(three.threshold()).isEqualTo(3);
        assertThat(Json.decode(Json.encode(three), ProfileSpec.class, "re-encoded")).isEqualTo(three);
    }

    @Test
    void anIdThatCannotBeAnEtcdKeySegmentIsRefused() {
        assertThatThrownBy(() -> Json.decode("{\"id\": \"gold/../x\"}", ProfileSpec.class, "profile file gold.yaml"))
                .isInstanceOf(ModelParseException.class)
                .hasMessageContaining("profile 'id' 'gold/../x' is not usable as an etcd key segment");
        assertThatThrownBy(() -> Json.decode("{\"id\": \"gold\", \"minMatches\": -1}", ProfileSpec.class, "p"))
                .hasMessageContaining("'minMatches' must not be negative");
    }
}
