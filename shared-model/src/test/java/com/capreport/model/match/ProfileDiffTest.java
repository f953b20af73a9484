package com.capreport.model.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileDiffTest {
    static final String PROTOCOL = "extras.IOConnectivityLineOfService.AccessProtocol";
    static final List<PoolSpec> POOLS = List.of(
            Pools.pool("node-1", "lvm-1", "vg-gold", 1200, Map.of("IOConnectivityLineOfService",
                    Map.of("AccessProtocol", "iSCSI"))),
            Pools.pool("node-1", "lvm-1", "vg-silver", 400, Map.of()));
    static final CapabilityCatalog CATALOG = CapabilityCatalog.of(POOLS);

    private static ProfileSpec spec(String description, Integer min, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new ProfileSpec("gold", "Gold", description, null, min, m);
    }

    @Test
    void anIdenticalProfileHasNoChanges() {
        ProfileSpec p = spec("d", 2, "freeCapacity", ">= 500 GiB", PROTOCOL, "iSCSI");
        assertThat(ProfileDiff.between(p, spec("d", 2, "freeCapacity", ">= 500 GiB", PROTOCOL, "iSCSI")).isEmpty())
                .isTrue();
    }

    @Test
    void fieldsAndRequirementsAreListedAddedRemovedOrChangedInTheNewProfilesOrder() {
        ProfileDiff d = ProfileDiff.between(spec("d", null, "freeCapacity", ">= 500 GiB", PROTOCOL, "iSCSI"),
                spec("e", 2, "x.New", "1", "freeCapacity", ">=  500 GiB"));
        assertThat(d.fields()).containsExactly(
                new ProfileDiff.FieldChange(ProfileDiff.Field.DESCRIPTION, "d", "e"),
                new ProfileDiff.FieldChange(ProfileDiff.Field.MIN_MATCHES, null, "2"));
        assertThat(d.requirements()).containsExactly(
                new ProfileDiff.RequirementChange(ProfileDiff.Kind.ADDED, "x.New", null, "1"),
                // Text, not meaning: a changed spacing is a change of the stored bytes.
                new ProfileDiff.RequirementChange(ProfileDiff.Kind.CHANGED, "freeCapacity", ">= 500 GiB", ">=  500 GiB"),
                new ProfileDiff.RequirementChange(ProfileDiff.Kind.REMOVED, PROTOCOL, "iSCSI", null));
    }

    @Test
    void nothingStoredMeansEveryRequirementIsAdded() {
        ProfileDiff d = ProfileDiff.between(null, spec("", null, "freeCapacity", "600 GiB"));
        assertThat(d.fields()).isEmpty();
        assertThat(d.requirements()).extracting(ProfileDiff.RequirementChange::kind)
                .containsExactly(ProfileDiff.Kind.ADDED);
        assertThat(d.bareOnNumbers(CATALOG)).hasSize(1);
    }

    @Test
    void aRequirementThatLosesItsOperatorOnANumberOnlyPathIsFlagged() {
        ProfileDiff d = ProfileDiff.between(spec("", null, "freeCapacity", ">= 500 GiB", PROTOCOL, "<in> SCSI"),
                spec("", null, "freeCapacity", "600 GiB", PROTOCOL, "iSCSI"));
        // A bare text value on a text path is ordinary; on a number it matches nothing.
        assertThat(d.bareOnNumbers(CATALOG)).extracting(ProfileDiff.RequirementChange::path)
                .containsExactly("freeCapacity");
    }

    @Test
    void aBareValueStoredSoAndKeptIsNoNewFlagNorIsAPathNobodyReports() {
        ProfileDiff kept = ProfileDiff.between(spec("", null, "freeCapacity", "600 GiB"),
                spec("", null, "freeCapacity", "700 GiB"));
        assertThat(kept.bareOnNumbers(CATALOG)).isEmpty();
        ProfileDiff unknown = ProfileDiff.between(spec("", null, "x.Unknown", ">= 1"), spec("", null, "x.Unknown", "1"));
        assertThat(unknown.bareOnNumbers(CATALOG)).isEmpty();
    }
}
