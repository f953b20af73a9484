package com.capreport.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.capreport.model.BackendRef;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.LoopState;
import com.capreport.model.LoopStatus;
import com.capreport.model.ModelParseException;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import com.capreport.model.ProfileSpec;
import com.capreport.model.Snapshot;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotsTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final ProfileSpec GOLD = new ProfileSpec("gold", "Gold", "", null, Map.of(
            "freeCapacity", ">= 500", "extras.DataStorageLineOfService.ProvisioningPolicy", "<in> Thin"));

    static PoolSpec pool(String dock, String name, long freeGiB, String provisioning, Object extra) {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("ProvisioningPolicy", provisioning);
        storage.put("IsSpaceEfficient", true);
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("DataStorageLineOfService", storage);
        extras.put("IOConnectivityLineOfService", Map.of("AccessProtocol", List.of("iSCSI", "RBD")));
        if (extra != null) {
            extras.put("advanced", Map.of("note", extra));
        }
        return new PoolSpec(PoolIds.poolId(dock, "lvm-1", name), T0, T0, name, "block", "", PoolStatus.AVAILABLE,
                "az01", freeGiB * 2, freeGiB, dock, "lvm-1", "lvm", name, freeGiB * 2 << 30, freeGiB << 30, extras,
                Map.of());
    }

    static Estate estate(List<PoolSpec> pools, Set<String> dead, List<ProfileSpec> profiles) {
        List<Estate.DockView> docks = new ArrayList<>();
        pools.stream().map(PoolSpec::dockId).distinct().sorted().forEach(dock -> {
            DockSpec spec = new DockSpec(dock, dock, "storage-" + dock, "", "az01",
                    List.of(new BackendRef("lvm-1", "lvm")), "0.1.0", T0, null, T0, T0);
            boolean isDead = dead.contains(dock);
            LoopStatus loop = new LoopStatus(dock, "lvm-1", "lvm", LoopState.RUNNING, T0, 3, T0, null, 0,
                    Duration.ofSeconds(60), 1, null);
            docks.add(new Estate.DockView(dock, Optional.of(spec),
                    isDead ? Optional.empty() : Optional.of(new DockAlive("storage-" + dock, 7, T0, "0.1.0", "", "m")),
                    isDead ? Map.of() : Map.of("lvm-1", loop)));
        });
        return new Estate(42, docks, pools, profiles, List.of());
    }

    static Snapshot snapshot(Estate e) {
        return Snapshots.of(e, List.of("https://etcd-1:2379"), "/capreport/v1", T0);
    }

    @Test
    void exportReopenExportGivesTheSameDocument() throws Exception {
        Snapshot first = snapshot(estate(List.of(pool("node-1", "vg0", 900, "Thin", null),
                pool("node-2", "vg1", 100, "Fixed", "x")), Set.of("node-2"), List.of(GOLD)));
        byte[] written = Snapshots.encode(first);

        Snapshot reopened = Snapshots.read(written, "estate.json");
        byte[] again = Snapshots.encode(snapshot(Estate.fromSnapshot(reopened)));

        assertThat(reopened).isEqualTo(first);
        assertThat(new String(again, StandardCharsets.UTF_8)).isEqualTo(new String(written, StandardCharsets.UTF_8));
        assertThat(first.source().revision()).isEqualTo(42);
        assertThat(first.matches()).singleElement().satisfies(m -> assertThat(m.poolIds())
                .containsExactly(PoolIds.poolId("node-1", "lvm-1", "vg0")));
        assertThat(first.docks()).extracting(Snapshot.DockEntry::alive).containsExactly(true, false);
    }

    @Test
    void invalidEntriesAreRecordedReadBackStreamedAndCarriedIntoTheOfflineEstate() throws Exception {
        Estate e = estate(List.of(pool("node-1", "vg0", 900, "Thin", null)), Set.of(), List.of(GOLD));
        Estate withGarbage = new Estate(e.revision(), e.docks(), e.pools(), e.profiles(),
                List.of(new Estate.InvalidEntry("/capreport/v1/docks/x/pools/y", "/capreport/v1/docks/x/pools/y: bad")));
        Snapshot s = snapshot(withGarbage);
        byte[] written = Snapshots.encode(s);

        Snapshot read = Snapshots.read(written, "estate.json");
        Snapshot scanned = SnapshotScan.scan(new java.io.ByteArrayInputStream(written), "estate.json", (i, p, a, b) -> { });

        assertThat(read.invalid()).isEqualTo(withGarbage.invalid());
        assertThat(scanned.invalid()).isEqualTo(withGarbage.invalid());
        assertThat(Estate.fromSnapshot(read).invalid()).isEqualTo(withGarbage.invalid());
        assertThat(new String(Snapshots.encode(snapshot(e)), StandardCharsets.UTF_8))
                .as("nothing skipped: no field, the file is as before").doesNotContain("\"invalid\"");
        assertThat(Snapshots.read(Snapshots.encode(snapshot(e)), "old.json").invalid()).isEmpty();
        assertThatThrownBy(() -> Snapshots.read("{\"schemaVersion\": 1, \"invalid\": [{\"error\": \"x\"}]}"
                .getBytes(StandardCharsets.UTF_8), "hand.json")).isInstanceOf(ModelParseException.class)
                .hasMessageStartingWith("hand.json: invalid[0]: 'key' is missing");
    }

    @Test
    void aSnapshotHoldsNoSecrets() {
        Snapshot s = snapshot(estate(List.of(pool("node-1", "vg0", 900, "Thin", null)), Set.of(), List.of(GOLD)));

        String json = new String(Snapshots.encode(s), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);

        assertThat(json).doesNotContain("password", "token", "private key", "-----begin", "user:");
        assertThat(s.source().endpoints()).containsExactly("https://etcd-1:2379");
    }

    @Test
    void corruptTruncatedForeignAndFutureFilesAreRefusedNamingTheFile() {
        byte[] good = Snapshots.encode(snapshot(estate(List.of(pool("node-1", "vg0", 900, "Thin", null)), Set.of(),
                List.of())));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);

        assertThatThrownBy(() -> Snapshots.read(truncated, "half.json")).isInstanceOf(ModelParseException.class)
                .hasMessageStartingWith("half.json: not valid JSON (truncated or corrupt?)")
                .hasMessageContaining("(line ").hasMessageNotContaining("\n");
        // Jackson's own "(start marker at [Source: REDACTED …])" is noise in a one-line error.
        assertThatThrownBy(() -> Snapshots.read("{\"schemaVersion\": 1, \"pools\": [".getBytes(StandardCharsets.UTF_8),
                "open.json")).hasMessage("open.json: not valid JSON (truncated or corrupt?): Unexpected end-of-input: "
                + "expected close marker for Array (line 1, column 32)");
        assertThatThrownBy(() -> Snapshots.read(new byte[0], "empty.json")).hasMessage(
                "empty.json: empty file, expected a Capabilities Report snapshot (JSON)");
        assertThatThrownBy(() -> Snapshots.read("{\"pools\": []}".getBytes(StandardCharsets.UTF_8), "other.json"))
                .hasMessageStartingWith("other.json: not a Capabilities Report snapshot (no integer 'schemaVersion'");
        assertThatThrownBy(() -> Snapshots.read("{\"schemaVersion\": 9}".getBytes(StandardCharsets.UTF_8), "new.json"))
                .hasMessage("new.json: snapshot schema version 9 is newer than this version reads (1); "
                        + "open it with a newer capreport");
        assertThatThrownBy(() -> Snapshots.read("[1,2]".getBytes(StandardCharsets.UTF_8), "list.json"))
                .hasMessageStartingWith("list.json: expected a JSON object");
        assertThatThrownBy(() -> Snapshots.read(("{\"schemaVersion\": 1, \"pools\": [{\"id\": \"x\"}]}")
                .getBytes(StandardCharsets.UTF_8), "bad-pool.json"))
                .hasMessageStartingWith("bad-pool.json: ").hasMessageContaining("pools[0]");
    }

    @Test
    void theCsvReadsBackWithACsvParserOneColumnPerCapability() throws Exception {
        PoolSpec tricky = pool("node-1", "=cmd|' /C calc'!A0", 900, "Thin, \"quoted\"\nnext line", 5);
        Snapshot s = snapshot(estate(List.of(pool("node-1", "vg0", 900, "Thin", null), tricky), Set.of(), List.of()));
        StringWriter out = new StringWriter();

        SnapshotCsv.write(s, out);

        CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = csv.readerForListOf(String.class).readValues(out.toString())) {
            it.forEachRemaining(rows::add);
        }
        List<String> header = rows.get(0);
        assertThat(header).startsWith("id", "dockId", "backend").endsWith(
                "extras.DataStorageLineOfService.IsSpaceEfficient", "extras.DataStorageLineOfService.ProvisioningPolicy",
                "extras.IOConnectivityLineOfService.AccessProtocol", "extras.advanced.note");
        assertThat(rows).hasSize(3).allSatisfy(r -> assertThat(r).hasSize(header.size()));
        Map<String, String> trickyRow = new LinkedHashMap<>();
        List<String> row = rows.stream().filter(r -> r.get(header.indexOf("name")).contains("calc")).findFirst().orElseThrow();
        for (int i = 0; i < header.size(); i++) {
            trickyRow.put(header.get(i), row.get(i));
        }
        assertThat(trickyRow.get("name")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(trickyRow.get("extras.DataStorageLineOfService.ProvisioningPolicy")).isEqualTo("Thin, \"quoted\"\nnext line");
        assertThat(trickyRow.get("extras.IOConnectivityLineOfService.AccessProtocol")).isEqualTo("[\"iSCSI\",\"RBD\"]");
        assertThat(trickyRow.get("extras.advanced.note")).isEqualTo("5");
        assertThat(trickyRow.get("freeCapacityBytes")).isEqualTo(Long.toString(900L << 30));
        assertThat(trickyRow.get("liveStatus")).isEqualTo("available");
        assertThat(out.toString()).contains("\r\n");
        assertThat(SnapshotCsv.columns(s)).isEqualTo(header);
    }

    @Test
    void credentialsInAnEndpointUrlNeverReachTheSnapshot() {
        Snapshot s = Snapshots.of(estate(List.of(pool("node-1", "vg0", 900, "Thin", null)), Set.of(), List.of()),
                List.of("http://root:s3cret@10.0.0.5:2379", "https://etcd-2:2379"), "/capreport/v1", T0);

        assertThat(s.source().endpoints()).containsExactly("http://10.0.0.5:2379", "https://etcd-2:2379");
        assertThat(new String(Snapshots.encode(s), StandardCharsets.UTF_8)).doesNotContain("s3cret");
    }

    @Test
    void filesThatOnlyLookLikeSnapshotsAreRefusedWithTheReason() {
        Snapshot s = snapshot(estate(List.of(pool("node-1", "vg0", 900, "Thin", null)), Set.of(), List.of()));
        String json = new String(Snapshots.encode(s), StandardCharsets.UTF_8);
        int start = json.indexOf("\"pools\" : [") + "\"pools\" : [".length();
        int end = json.indexOf("\n  } ]", start) + 4;
        String pool = json.substring(start, end);
        String twice = json.substring(0, end) + "," + pool + json.substring(end);

        assertThatThrownBy(() -> Snapshots.read(twice.getBytes(StandardCharsets.UTF_8), "twice.json"))
                .hasMessageContaining("twice.json: pools[1]: pool id ").hasMessageEndingWith("appears twice");
        assertThatThrownBy(() -> Snapshots.read("{\"schemaVersion\": 4294967297}".getBytes(StandardCharsets.UTF_8), "big.json"))
                .hasMessageStartingWith("big.json: not a Capabilities Report snapshot");
        assertThatThrownBy(() -> Snapshots.read("{\"schemaVersion\": 1, \"matches\": [{\"poolIds\": []}]}"
                .getBytes(StandardCharsets.UTF_8), "m.json")).hasMessage("m.json: matches[0]: 'profileId' is missing");
    }
}
