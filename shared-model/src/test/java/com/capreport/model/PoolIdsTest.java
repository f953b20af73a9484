package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PoolIdsTest {
    /** RFC 4122 / RFC 9562 namespace for DNS names. */
    private static final UUID NAMESPACE_DNS = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    @Test
    void sameInputsGiveTheSameIdOnEveryCall() {
        String first = PoolIds.poolId("node-a1", "lvm-1", "vg_data/thinpool0");
        String second = PoolIds.poolId("node-a1", "lvm-1", "vg_data/thinpool0");

        assertThat(second).isEqualTo(first);
    }

    @Test
    void knownPoolIdNeverMoves() {
        // Computed once (and cross-checked with Python's uuid.uuid5 in the project namespace);
        // a change of namespace, name format or algorithm would re-id every pool in every estate.
        assertThat(PoolIds.poolId("node-a1", "lvm-1", "vg_data/thinpool0"))
                .isEqualTo("1fdb2e74-4b36-517c-9ac3-35f735e97022");
        assertThat(PoolIds.poolId("node-a1", "ceph-1", "volumes"))
                .isEqualTo("178bc106-5e95-5510-9141-4128f09c6eea");
    }

    @Test
    void namespaceIsTheDocumentedOne() {
        assertThat(PoolIds.NAMESPACE).isEqualTo(UUID.fromString("6f0c7a2e-2b55-5d7e-9c53-4b1e0d6a2f11"));
    }

    @Test
    void differentDockGivesADifferentId() {
        assertThat(PoolIds.poolId("node-b2", "ceph-1", "volumes"))
                .isNotEqualTo(PoolIds.poolId("node-a1", "ceph-1", "volumes"));
    }

    @Test
    void differentBackendGivesADifferentId() {
        assertThat(PoolIds.poolId("node-a1", "ceph-2", "volumes"))
                .isNotEqualTo(PoolIds.poolId("node-a1", "ceph-1", "volumes"));
    }

    @Test
    void differentNativePoolIdGivesADifferentId() {
        assertThat(PoolIds.poolId("node-a1", "ceph-1", "images"))
                .isNotEqualTo(PoolIds.poolId("node-a1", "ceph-1", "volumes"));
    }

    @Test
    void nativePoolIdIsCaseSensitive() {
        assertThat(PoolIds.poolId("node-a1", "lvm-1", "VG_DATA"))
                .isNotEqualTo(PoolIds.poolId("node-a1", "lvm-1", "vg_data"));
    }

    @Test
    void manyDistinctPoolsGetDistinctIds() {
        Set<String> ids = new HashSet<>();
        for (String dock : List.of("node-a1", "node-a2", "node-b1")) {
            for (String backend : List.of("lvm-1", "ceph-1", "fs-1")) {
                for (int i = 0; i < 50; i++) {
                    ids.add(PoolIds.poolId(dock, backend, "pool" + i));
                }
            }
        }

        assertThat(ids).hasSize(3 * 3 * 50);
    }

    @Test
    void poolIdIsAVersion5IetfVariantUuidInCanonicalForm() {
        for (String nativeId : List.of("pool01", "vg_data/thinpool0", "volumes", "/srv/scratch", "", "pool-ü")) {
            String id = PoolIds.poolId("node-a1", "lvm-1", nativeId);
            UUID uuid = UUID.fromString(id);

            assertThat(uuid.version()).as("version of %s", id).isEqualTo(5);
            assertThat(uuid.variant()).as("variant of %s", id).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @Test
    void uuidV5MatchesTheRfcTestVectorForTheDnsNamespace() {
        UUID uuid = PoolIds.uuidV5(NAMESPACE_DNS, "www.example.com");

        assertThat(uuid).isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
        assertThat(uuid.version()).isEqualTo(5);
        assertThat(uuid.variant()).isEqualTo(2);
    }

    @Test
    void poolIdIsTheV5UuidOfDockBackendAndNativeIdJoinedBySlashes() {
        assertThat(PoolIds.poolId("node-a1", "lvm-1", "pool01"))
                .isEqualTo(PoolIds.uuidV5(PoolIds.NAMESPACE, "node-a1/lvm-1/pool01").toString());
    }
}
