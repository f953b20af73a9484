package com.capreport.model.match;

import static com.capreport.model.match.Pools.extras;
import static com.capreport.model.match.Pools.pool;
import static com.capreport.model.match.Pools.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileValidatorTest {
    private static final List<PoolSpec> POOLS = List.of(
            pool("node-1", "lvm-1", "vg0", 900, extras("Thin", true, 1, "iSCSI", 9000, List.of("Snapshot", "Clone"), "Rack")),
            pool("node-2", "ceph-1", "rbd", 800, extras("Thin", true, 2, "RBD", null, List.of("Snapshot"), "Rack")));

    @Test
    void aValidProfileHasNoFindings() {
        assertThat(ProfileValidator.validate(profile("gold",
                "freeCapacity", ">= 500 GiB",
                "extras.DataProtectionLineOfService.ReplicaType", "<all-in> Snapshot Clone",
                "extras.IOConnectivityLineOfService.MaxIOPS", ">= 5000"), POOLS)).isEmpty();
    }

    @Test
    void aSyntaxErrorIsAnErrorNamingTheRequirementAndPosition() {
        List<Finding> f = ProfileValidator.validate(profile("gold",
                "extras.IOConnectivityLineOfService.MaxIOPS", ">= 5000 6"), POOLS);

        assertThat(f).extracting(Finding::line).containsExactly("error: extras.IOConnectivityLineOfService.MaxIOPS: "
                + "'>=' takes one number, found also '6' (at position 9)");
        assertThat(ProfileValidator.hasErrors(f)).isTrue();
    }

    @Test
    void aPathNoPoolReportsIsAWarningNamingClosePaths() {
        List<Finding> f = ProfileValidator.validate(profile("gold",
                "extras.IOConnectivityLineOfService.MaxIops", ">= 5000",
                "MaxIOPS", ">= 5000",
                "extras.DataStorageLineOfService.Provisioning", "Thin"), POOLS);

        assertThat(f).extracting(Finding::line).containsExactly(
                "warning: extras.IOConnectivityLineOfService.MaxIops: no pool reports "
                        + "extras.IOConnectivityLineOfService.MaxIops; did you mean extras.IOConnectivityLineOfService.MaxIOPS?",
                "warning: MaxIOPS: no pool reports MaxIOPS; did you mean extras.IOConnectivityLineOfService.MaxIOPS?",
                "warning: extras.DataStorageLineOfService.Provisioning: no pool reports "
                        + "extras.DataStorageLineOfService.Provisioning; did you mean "
                        + "extras.DataStorageLineOfService.ProvisioningPolicy?");
        assertThat(ProfileValidator.hasErrors(f)).isFalse();
    }

    @Test
    void anOperatorThatCannotCompareTheReportedTypeIsAnError() {
        List<Finding> f = ProfileValidator.validate(profile("gold",
                "extras.DataProtectionLineOfService.ReplicaType", ">= 2",
                "extras.IOConnectivityLineOfService.MaxIOPS", "s>= 5000",
                "extras.DataStorageLineOfService.IsSpaceEfficient", "<in> true"), POOLS);

        assertThat(f).extracting(Finding::severity).containsOnly(Finding.Severity.ERROR);
        assertThat(f.get(0).line()).isEqualTo("error: extras.DataProtectionLineOfService.ReplicaType: '>=' cannot apply to "
                + "extras.DataProtectionLineOfService.ReplicaType, which pools report as a list; use a bare value, <in>, "
                + "<all-in>, <or>, s==, s!=, s<, s<=, s>, s>=");
        assertThat(f.get(1).message()).contains("which pools report as a number; use a bare value, <or>, =, ==, !=, >=, <=");
        assertThat(f.get(2).message()).contains("which pools report as a boolean; use a bare value, <is>, <or>");
    }

    @Test
    void aNumericOperatorOnTextThatIsNeverANumberIsAWarning() {
        List<Finding> f = ProfileValidator.validate(profile("gold",
                "extras.IOConnectivityLineOfService.AccessProtocol", ">= 1"), POOLS);

        assertThat(f).extracting(Finding::line).containsExactly("warning: extras.IOConnectivityLineOfService.AccessProtocol: "
                + "'>=' compares numbers, but pools report text such as 'iSCSI'");
    }

    @Test
    void withoutPoolsOnlyTheSyntaxIsChecked() {
        assertThat(ProfileValidator.validate(profile("gold", "anything.at.all", ">= 5"), List.of())).isEmpty();
    }

    @Test
    void theCatalogListsWhatIsReportedWithTypesAndSamples() {
        CapabilityCatalog c = CapabilityCatalog.of(POOLS);

        CapabilityCatalog.Entry protocol = c.entry("extras.IOConnectivityLineOfService.AccessProtocol").orElseThrow();
        assertThat(protocol.types()).containsExactly(ValueType.TEXT);
        assertThat(protocol.pools()).isEqualTo(2);
        assertThat(protocol.samples()).containsExactly("iSCSI", "RBD");
        assertThat(c.entry("extras.IOConnectivityLineOfService.MaxIOPS").orElseThrow().pools()).isEqualTo(1);
        assertThat(c.entry("extras.DataProtectionLineOfService.ReplicaType").orElseThrow().operators())
                .containsExactly(Operator.VALUE, Operator.IN, Operator.ALL_IN, Operator.OR, Operator.S_EQ, Operator.S_NE,
                        Operator.S_LT, Operator.S_LE, Operator.S_GT, Operator.S_GE);
        assertThat(c.paths()).contains("freeCapacity", "availabilityZone", "driver");
    }

    @Test
    void aBareValueThatLooksLikeAnOperatorOrACapacityIsAWarning() {
        List<Finding> f = ProfileValidator.validate(profile("gold",
                "extras.IOConnectivityLineOfService.MaxIOPS", ">=5000",
                "freeCapacity", "500 GiB",
                "", "x"), POOLS);

        assertThat(f).extracting(Finding::line).containsExactly(
                "warning: extras.IOConnectivityLineOfService.MaxIOPS: '>=5000' is compared as a bare value; put a space "
                        + "after the operator: '>= 5000'",
                "warning: freeCapacity: '500 GiB' is compared as a bare value (text); for a capacity write e.g. '>= 500 GiB'",
                "error: a requirement needs a capability path (at position 1)");
    }

    @Test
    void anInvalidStorageTypeIsAnError() {
        ProfileSpec p = new ProfileSpec("p", "p", "", "<in>", java.util.Map.of());

        assertThat(ProfileValidator.validate(p, POOLS)).extracting(Finding::line)
                .containsExactly("error: storageType: '<in>' needs a value after it (at position 5)");
    }
}
