package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PoolSpecJsonTest {
    private static final String DESIGN = "pool-design.json";
    private static final String LVM = "pool-lvm-thin.json";
    private static final String CEPH = "pool-ceph-rbd.json";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(PoolSpec pool, String name) {
        return (Map<String, Object>) pool.extras().get(name);
    }

    private static PoolSpec roundTrip(PoolSpec pool) throws ModelParseException {
        return Json.decode(Json.encode(pool), PoolSpec.class, "re-encoded pool " + pool.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {DESIGN, LVM, CEPH})
    void decodeEncodeDecodeGivesAnEqualPool(String file) throws ModelParseException {
        PoolSpec decoded = Fixtures.decode(file, PoolSpec.class);

        assertThat(roundTrip(decoded)).isEqualTo(decoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {LVM, CEPH})
    void reEncodedPoolHasExactlyTheTreeOfTheFile(String file) {
        PoolSpec decoded = Fixtures.decode(file, PoolSpec.class);

        assertThat(Json.tree(decoded)).isEqualTo(Fixtures.fileTree(file));
        assertThat(Fixtures.parseTree(Json.encode(decoded))).isEqualTo(Fixtures.fileTree(file));
    }

    @Test
    void designDocumentReEncodesWithTheDesignNamesAndNestingPlusOnlyTheNativeIdExtension() {
        PoolSpec decoded = Fixtures.decode(DESIGN, PoolSpec.class);
        ObjectNode expected = Fixtures.mutableTree(DESIGN);
        // The design's example has no nativeId; the record fills in the pool name, and that is
        // the only field the encoder adds to the original Capabilities Report shape.
        expected.put("nativeId", "pool01");

        assertThat(Json.tree(decoded)).isEqualTo(expected);
    }

    @Test
    void designDocumentDecodesToTheValuesItShows() {
        PoolSpec pool = Fixtures.decode(DESIGN, PoolSpec.class);

        assertThat(pool.id()).isEqualTo("7dc3b368-d466-51f9-a0c0-a2835a6c21bb");
        assertThat(pool.createdAt()).isEqualTo(Instant.parse("2018-01-15T12:19:45.505Z"));
        assertThat(pool.name()).isEqualTo("pool01");
        assertThat(pool.storageType()).isEqualTo("block");
        assertThat(pool.description()).isEmpty();
        assertThat(pool.status()).isEqualTo(PoolStatus.AVAILABLE);
        assertThat(pool.availabilityZone()).isEqualTo("az01");
        assertThat(pool.totalCapacity()).isEqualTo(1000);
        assertThat(pool.freeCapacity()).isEqualTo(699);
        assertThat(pool.totalCapacityBytes()).isEqualTo(1_073_741_824_000L);
        assertThat(pool.freeCapacityBytes()).isEqualTo(750_550_106_112L);
        assertThat(pool.backend()).isEqualTo("lvm-1");
        assertThat(pool.driver()).isEqualTo("lvm");
        assertThat(pool.nativeId()).isEqualTo("pool01");
        assertThat(pool.extras()).containsOnlyKeys("DataStorageLineOfService", "IOConnectivityLineOfService",
                "DataProtectionLineOfService", "advanced");
        assertThat(Extras.lookup(pool.extras(), "DataStorageLineOfService.ProvisioningPolicy"))
                .contains(new Extras.Reported(List.of("Thin", "Fixed")));
        assertThat(Extras.lookup(pool.extras(), "DataStorageLineOfService.IsSpaceEfficient"))
                .contains(new Extras.Reported(true));
        assertThat(Extras.lookup(pool.extras(), "DataStorageLineOfService.RecoverableCapacitySourceCount"))
                .contains(new Extras.Reported(1));
        assertThat(Extras.lookup(pool.extras(), "DataProtectionLineOfService.IsIsolated"))
                .contains(new Extras.Reported(false));
        assertThat(section(pool, "advanced")).containsEntry("lvm.vgAttr", "wz--n-");
        assertThat(pool.capabilitySources()).containsOnly(
                Map.entry("DataStorageLineOfService.ProvisioningPolicy", PoolSpec.SOURCE_DISCOVERED),
                Map.entry("IOConnectivityLineOfService.AccessProtocol", PoolSpec.SOURCE_CONFIGURED));
    }

    @ParameterizedTest
    @ValueSource(strings = {DESIGN, LVM})
    void nullLeavesInExtrasSurviveTheRoundTrip(String file) throws ModelParseException {
        PoolSpec again = roundTrip(Fixtures.decode(file, PoolSpec.class));

        Map<String, Object> io = section(again, "IOConnectivityLineOfService");
        assertThat(io).containsKeys("MaxIOPS", "MaxBytesPerSecond");
        assertThat(io.get("MaxIOPS")).isNull();
        assertThat(Extras.lookup(again.extras(), "IOConnectivityLineOfService.MaxIOPS"))
                .contains(new Extras.Reported(null));

        JsonNode written = Json.tree(again).path("extras").path("IOConnectivityLineOfService");
        assertThat(written.has("MaxIOPS")).as("MaxIOPS is written, not dropped").isTrue();
        assertThat(written.get("MaxIOPS").isNull()).isTrue();
        assertThat(written.get("MaxBytesPerSecond").isNull()).isTrue();
    }

    @Test
    void nullLeafInsideTheAdvancedSectionSurvivesTheRoundTrip() throws ModelParseException {
        PoolSpec again = roundTrip(Fixtures.decode(CEPH, PoolSpec.class));

        assertThat(section(again, "advanced")).containsEntry("ceph.quotaMaxBytes", null);
        assertThat(Json.tree(again).at("/extras/advanced/ceph.quotaMaxBytes").isNull()).isTrue();
    }

    @Test
    void statusIsWrittenInLowerCase() {
        PoolSpec pool = Fixtures.decode(DESIGN, PoolSpec.class);

        assertThat(Json.encodeString(pool)).contains("\"status\":\"available\"");
        assertThat(Json.tree(pool).get("status").asText()).isEqualTo("available");
        assertThat(Json.tree(Fixtures.decode(CEPH, PoolSpec.class)).get("status").asText()).isEqualTo("degraded");
    }

    @ParameterizedTest
    @EnumSource(PoolStatus.class)
    void everyPoolStatusIsWrittenInLowerCaseAndReadBack(PoolStatus status) throws ModelParseException {
        PoolSpec pool = Fixtures.decode(LVM, PoolSpec.class)
                .withStatus(status, Instant.parse("2026-11-26T10:00:00Z"));

        assertThat(Json.tree(pool).get("status").asText()).isEqualTo(status.name().toLowerCase(Locale.ROOT));
        assertThat(roundTrip(pool).status()).isEqualTo(status);
    }

    @Test
    void cephPoolReportsRbdAsItsAccessProtocol() {
        PoolSpec pool = Fixtures.decode(CEPH, PoolSpec.class);

        assertThat(pool.driver()).isEqualTo("ceph");
        assertThat(Extras.lookup(pool.extras(), "IOConnectivityLineOfService.AccessProtocol"))
                .contains(new Extras.Reported("RBD"));
        assertThat(Extras.lookup(pool.extras(), "IOConnectivityLineOfService.MaxIOPS"))
                .contains(new Extras.Reported(20000));
        assertThat(Extras.lookup(pool.extras(), "DataProtectionLineOfService.ReplicaType"))
                .contains(new Extras.Reported(List.of("Snapshot", "Clone")));
    }

    @ParameterizedTest
    @ValueSource(strings = {DESIGN, LVM, CEPH})
    void fixturePoolIdsAreTheStableIdsOfDockBackendAndNativeId(String file) {
        PoolSpec pool = Fixtures.decode(file, PoolSpec.class);

        assertThat(pool.id()).isEqualTo(PoolIds.poolId(pool.dockId(), pool.backend(), pool.nativeId()));
    }

    @ParameterizedTest
    @ValueSource(strings = {DESIGN, LVM, CEPH})
    void fixtureGiBFieldsAreTheExactBytesRoundedDown(String file) {
        PoolSpec pool = Fixtures.decode(file, PoolSpec.class);

        assertThat(pool.totalCapacity()).isEqualTo(Capacity.toGiB(pool.totalCapacityBytes()));
        assertThat(pool.freeCapacity()).isEqualTo(Capacity.toGiB(pool.freeCapacityBytes()));
    }

    @Test
    void unknownFieldsFromANewerAgentAreIgnored() {
        PoolSpec fromNewer = Fixtures.decode("pool-from-newer-agent.json", PoolSpec.class);

        assertThat(fromNewer).isEqualTo(Fixtures.decode(LVM, PoolSpec.class));
        assertThat(Json.tree(fromNewer).has("overcommitRatio")).isFalse();
    }

    @Test
    void minimalPoolDocumentGetsTheDocumentedDefaults() throws ModelParseException {
        String json = """
                {"id": "1fdb2e74-4b36-517c-9ac3-35f735e97022", "name": "thinpool0", "dockId": "node-a1",
                 "backend": "lvm-1", "status": "available", "totalCapacity": 2048, "freeCapacity": 1280,
                 "totalCapacityBytes": 2199023255552, "freeCapacityBytes": 1374512991509}
                """;

        PoolSpec pool = Json.decode(json, PoolSpec.class, "minimal pool");

        assertThat(pool.storageType()).isEqualTo("block");
        assertThat(pool.description()).isEmpty();
        assertThat(pool.availabilityZone()).isEmpty();
        assertThat(pool.driver()).isEmpty();
        assertThat(pool.nativeId()).isEqualTo("thinpool0");
        assertThat(pool.extras()).isEmpty();
        assertThat(pool.capabilitySources()).isEmpty();
        assertThat(pool.createdAt()).isNull();
    }

    @Test
    void decodedExtrasAreUnmodifiableAtEveryLevel() {
        PoolSpec pool = Fixtures.decode(LVM, PoolSpec.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> dataStorage = (Map<String, Object>) pool.extras().get("DataStorageLineOfService");
        @SuppressWarnings("unchecked")
        List<Object> policies = (List<Object>) dataStorage.get("ProvisioningPolicy");

        assertThatThrownBy(() -> pool.extras().put("advanced", Map.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> dataStorage.put("IsSpaceEfficient", false))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> policies.add("Fixed")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> pool.capabilitySources().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void statusReasonIsOptionalAndLeftOutWhenEmpty() throws ModelParseException {
        PoolSpec old = Fixtures.decode(CEPH, PoolSpec.class);
        assertThat(old.statusReason()).as("a document written before the field existed").isEmpty();
        assertThat(Json.tree(old).has("statusReason")).isFalse();

        ObjectNode tree = (ObjectNode) Json.tree(old);
        tree.put("statusReason", "PG_DEGRADED: Degraded data redundancy: 18/82 objects degraded (21.951%)");
        PoolSpec withReason = Json.decode(tree.toString(), PoolSpec.class, "k");
        assertThat(withReason.statusReason()).startsWith("PG_DEGRADED: ");
        assertThat(roundTrip(withReason)).isEqualTo(withReason);
        assertThat(withReason.withStatus(PoolStatus.DEGRADED, Instant.EPOCH).statusReason())
                .as("same status keeps its reason").isEqualTo(withReason.statusReason());
        assertThat(withReason.withStatus(PoolStatus.ERROR, Instant.EPOCH).statusReason())
                .as("the reason belonged to the old status").isEmpty();
    }
}
