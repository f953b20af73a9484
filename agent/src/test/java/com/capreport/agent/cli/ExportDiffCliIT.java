package com.capreport.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Fixtures;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Capacity;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolSpec;
import com.capreport.model.Snapshot;
import com.capreport.model.snapshot.Snapshots;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capreport export} and {@code capreport diff} against a real etcd holding the what-if
 * fixture's estate (LVM thin and Ceph RBD pools, two live docks, one dead) and a profile.
 */
@Tag("integration")
@Timeout(60)
class ExportDiffCliIT {
    private static final String GOLD = "{\"id\":\"gold\",\"requirements\":{\"freeCapacity\":\">= 100\"}}";

    @TempDir
    Path dir;
    private String prefix;
    private KeyLayout layout;
    private Snapshot fixture;

    @BeforeEach
    void seedTheFixtureEstate(TestInfo info) throws Exception {
        prefix = TestEtcd.uniquePrefix("export-" + info.getTestMethod().orElseThrow().getName());
        layout = new KeyLayout(prefix);
        fixture = Json.decode(Fixtures.read("match/snapshot.json"), Snapshot.class, "match/snapshot.json");
        try (Client c = TestEtcd.client()) {
            TestEtcd.seed(c, layout, fixture);
            TestEtcd.put(c, layout.profile("gold"), GOLD.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void exportWritesTheEstateAtOneRevisionAndReopensToTheSameDocument() throws Exception {
        Path file = dir.resolve("estate.json");

        CliRun export = cli("export", "--format", "json", "-o", file.toString());

        assertThat(export.exit()).as(export.toString()).isZero();
        assertThat(export.err()).contains("wrote " + file, fixture.pools().size() + " pools", "etcd revision ");
        Snapshot s = Snapshots.read(Files.readAllBytes(file), file.toString());
        assertThat(s.pools()).hasSameSizeAs(fixture.pools());
        assertThat(s.source().revision()).isPositive();
        assertThat(s.source().prefix()).isEqualTo(prefix);
        assertThat(s.profiles()).extracting(p -> p.id()).containsExactly("gold");
        assertThat(s.matches()).singleElement().satisfies(m -> assertThat(m.poolIds()).isNotEmpty());
        assertThat(s.docks().stream().filter(d -> !d.alive())).hasSize(1);
        // Re-export of the reopened snapshot gives the same document.
        assertThat(Snapshots.encode(Snapshots.of(com.capreport.model.Estate.fromSnapshot(s), s.source().endpoints(),
                s.source().prefix(), s.takenAt()))).isEqualTo(Files.readAllBytes(file));
        assertThat(cli("diff", file.toString(), file.toString()).exit()).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void diffShowsARemovedPoolAChangedCapacityAndADeadDock() throws Exception {
        Path before = dir.resolve("before.json");
        Path after = dir.resolve("after.json");
        assertThat(cli("export", "-o", before.toString()).exit()).isZero();
        PoolSpec shrunk = fixture.pools().get(0);
        PoolSpec removed = fixture.pools().get(1);
        Snapshot.DockEntry dying = fixture.docks().stream().filter(Snapshot.DockEntry::alive).findFirst().orElseThrow();
        try (Client c = TestEtcd.client()) {
            PoolSpec smaller = new PoolSpec(shrunk.id(), shrunk.createdAt(), shrunk.updatedAt(), shrunk.name(),
                    shrunk.storageType(), shrunk.description(), shrunk.status(), shrunk.availabilityZone(),
                    shrunk.totalCapacity(), shrunk.freeCapacity() / 2, shrunk.dockId(), shrunk.backend(), shrunk.driver(),
                    shrunk.nativeId(), shrunk.totalCapacityBytes(), shrunk.freeCapacityBytes() / 2, shrunk.extras(),
                    shrunk.capabilitySources());
            TestEtcd.put(c, layout.pool(shrunk.dockId(), shrunk.id()), Json.encode(smaller));
            c.getKVClient().delete(EtcdClients.bytes(layout.pool(removed.dockId(), removed.id()))).get(10, TimeUnit.SECONDS);
            c.getKVClient().delete(EtcdClients.bytes(layout.alive(dying.spec().id()))).get(10, TimeUnit.SECONDS);
        }
        assertThat(cli("export", "-o", after.toString()).exit()).isZero();

        CliRun diff = cli("diff", before.toString(), after.toString());

        assertThat(diff.exit()).as(diff.toString()).isEqualTo(1);
        assertThat(diff.out()).contains("pools: 0 added, 1 removed, 1 changed",
                "  - " + removed.dockId() + "/" + removed.name(),
                "  ~ " + shrunk.dockId() + "/" + shrunk.name(),
                "  " + dying.spec().id() + " died");
        long full = shrunk.freeCapacityBytes();
        long half = full / 2;
        // After minus before, with a true minus: less free capacity is a negative delta, more a positive one.
        assertThat(diff.out()).contains("freeCapacityBytes: " + Capacity.human(full) + " → " + Capacity.human(half)
                + ", \u2212" + Capacity.human(full - half) + " (\u221250 %)");
        CliRun back = cli("diff", after.toString(), before.toString());
        assertThat(back.out()).contains("freeCapacityBytes: " + Capacity.human(half) + " → " + Capacity.human(full)
                + ", +" + Capacity.human(full - half) + " (+100 %)");
        JsonNode json = Json.mapper().readTree(cli("diff", before.toString(), after.toString(), "--json").out());
        assertThat(json.get("identical").asBoolean()).isFalse();
        assertThat(json.get("poolsRemoved").get(0).get("id").asText()).isEqualTo(removed.id());
        assertThat(json.get("docks").get(0).get("event").asText()).isEqualTo("DIED");
    }

    @Test
    void theCsvExportReadsBackWithOneRowPerPool() throws Exception {
        Path file = dir.resolve("pools.csv");

        CliRun export = cli("export", "--format", "csv", "-o", file.toString());

        assertThat(export.exit()).as(export.toString()).isZero();
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerForListOf(String.class).readValues(file.toFile())) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(fixture.pools().size() + 1);
        assertThat(rows.get(0)).startsWith("id", "dockId", "backend").anyMatch(h -> h.startsWith("extras."));
        assertThat(rows.subList(1, rows.size())).allSatisfy(r -> assertThat(r).hasSize(rows.get(0).size()));
        assertThat(rows.stream().map(r -> r.get(rows.get(0).indexOf("liveStatus")))).contains("available")
                .anyMatch(s -> s.startsWith("stale (dock"));
    }

    @Test
    void aFailedExportLeavesTheOldFileAndNoHalfFile() throws Exception {
        Path file = dir.resolve("estate.json");
        Files.writeString(file, "the previous export\n");

        CliRun unreachable = CliRun.of("export", "-o", file.toString(), "--etcd", "http://127.0.0.1:1",
                "--timeout", "2s");
        CliRun noDir = cli("export", "-o", dir.resolve("missing/estate.json").toString());

        assertThat(unreachable.exit()).isEqualTo(3);
        CliRun.assertOneLine(unreachable.err());
        assertThat(Files.readString(file)).isEqualTo("the previous export\n");
        assertThat(noDir.exit()).isEqualTo(2);
        assertThat(noDir.err()).contains("missing/estate.json: directory ").contains("does not exist");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void diffOfACorruptOrMissingFileIsAOneLineUsageError() throws Exception {
        Path good = dir.resolve("good.json");
        assertThat(cli("export", "-o", good.toString()).exit()).isZero();
        Path truncated = dir.resolve("truncated.json");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));

        CliRun corrupt = CliRun.of("diff", good.toString(), truncated.toString());
        CliRun missing = CliRun.of("diff", good.toString(), dir.resolve("nope.json").toString());

        assertThat(corrupt.exit()).isEqualTo(2);
        CliRun.assertOneLine(corrupt.err());
        assertThat(corrupt.err()).contains(truncated + ": not valid JSON (truncated or corrupt?)", "line ");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.json: file not found");
    }

    private CliRun cli(String... args) {
        // diff reads files only: it takes no etcd options.
        return args[0].equals("diff") ? CliRun.of(args) : CliRun.against(prefix, args);
    }
}
