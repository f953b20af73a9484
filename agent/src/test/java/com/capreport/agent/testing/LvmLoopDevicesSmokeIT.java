package com.capreport.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.capreport.agent.exec.CommandRunner;
import com.capreport.model.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness itself against real lvm2 on real loop devices: what it builds is what {@code vgs}
 * reports, a detached disk makes a partial VG, and nothing outlives {@code close()}.
 */
@Tag("lvm")
@Timeout(120)
class LvmLoopDevicesSmokeIT {
    private static final long MIB = 1L << 20;
    /** lvm2 defaults: the first MiB holds the label and metadata, the rest is cut into 4 MiB extents. */
    private static final long EXTENT = 4 * MIB;
    private static final String[] VGS = {"vgs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o",
        "vg_name,vg_uuid,vg_size,vg_free,vg_attr,pv_count,lv_count,vg_missing_pv_count,vg_tags"};

    @TempDir
    Path tmp;

    @BeforeEach
    void needsLvmOnLoopDevices() {
        assumeThat(LvmLoopDevices.unavailableReason()).as("LVM on loop devices: %s",
                LvmLoopDevices.unavailableReason().orElse("")).isEmpty();
    }

    @Test
    void volumeGroupOnTwoDisksIsReportedWithTheSizeOfItsExtents() throws Exception {
        try (LvmLoopDevices lvm = LvmLoopDevices.create(tmp)) {
            String a = lvm.addDisk("a", 64 * MIB);
            String b = lvm.addDisk("b", 32 * MIB);
            lvm.createVg("smokevg", a, b);
            lvm.createLv("smokevg", "lv1", 8 * MIB);

            JsonNode vg = onlyRow(lvm.run(VGS), "vg");

            long size = usable(64 * MIB) + usable(32 * MIB);
            assertThat(a).matches("/dev/loop[0-9]+").isNotEqualTo(b);
            assertThat(lvm.devices()).containsExactly(a, b);
            assertThat(vg.path("vg_name").asText()).isEqualTo("smokevg");
            assertThat(vg.path("vg_size").asText()).isEqualTo(Long.toString(size)).isEqualTo("92274688");
            assertThat(vg.path("vg_free").asText()).isEqualTo(Long.toString(size - 8 * MIB));
            assertThat(vg.path("vg_attr").asText()).isEqualTo("wz--n-");
            assertThat(vg.path("pv_count").asText()).isEqualTo("2");
            assertThat(vg.path("lv_count").asText()).isEqualTo("1");
            assertThat(vg.path("vg_missing_pv_count").asText()).isEqualTo("0");
        }
    }

    @Test
    void extendedLvIsPrintedOncePerSegment() throws Exception {
        try (LvmLoopDevices lvm = LvmLoopDevices.create(tmp)) {
            lvm.createVg("segvg", lvm.addDisk("a", 64 * MIB));
            lvm.createLv("segvg", "first", 8 * MIB);
            lvm.createLv("segvg", "second", 4 * MIB);
            lvm.extendLv("segvg", "first", 16 * MIB);

            JsonNode rows = report(lvm.run("lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o",
                    "lv_name,lv_uuid,lv_size,seg_count,segtype"), "lv");

            assertThat(rows.findValuesAsText("lv_name")).containsExactly("first", "first", "second");
            assertThat(rows.get(0).path("lv_uuid").asText()).isEqualTo(rows.get(1).path("lv_uuid").asText());
            assertThat(rows.get(0).path("lv_size").asText()).isEqualTo(Long.toString(16 * MIB));
            assertThat(rows.get(0).path("seg_count").asText()).isEqualTo("2");
        }
    }

    @Test
    void detachedDiskMakesItsVolumeGroupPartial() throws Exception {
        try (LvmLoopDevices lvm = LvmLoopDevices.create(tmp)) {
            String a = lvm.addDisk("a", 64 * MIB);
            String b = lvm.addDisk("b", 64 * MIB);
            lvm.createVg("partvg", a, b);

            lvm.detach(b);
            CommandRunner.Result r = lvm.runAllowingFailure(VGS);

            JsonNode vg = onlyRow(r.stdout(), "vg");
            assertThat(r.exitCode()).isZero();
            assertThat(lvm.devices()).containsExactly(a);
            assertThat(vg.path("vg_attr").asText()).isEqualTo("wz-pn-");
            assertThat(vg.path("vg_missing_pv_count").asText()).isEqualTo("1");
            assertThat(vg.path("pv_count").asText()).isEqualTo("2");
            assertThat(r.stderr()).contains("WARNING: VG partvg is missing PV");
            assertThat(r.stdout()).doesNotContain("WARNING");
        }
    }

    @Test
    void failingCommandThrowsWithItsExitCodeAndStderr() throws Exception {
        try (LvmLoopDevices lvm = LvmLoopDevices.create(tmp)) {
            LvmLoopDevices.CommandFailedException e = catchThrowableOfType(LvmLoopDevices.CommandFailedException.class,
                    () -> lvm.run("vgs", "vg9"));

            assertThat(e).isNotNull();
            assertThat(e.exitCode()).isEqualTo(5);
            assertThat(e.stderr()).contains("Volume group \"vg9\" not found");
            assertThat(e.getMessage()).contains("vgs vg9 exited 5").contains("Volume group \"vg9\" not found");
        }
    }

    @Test
    void volumeGroupsOfAnotherHarnessStayInvisible() throws Exception {
        try (LvmLoopDevices one = LvmLoopDevices.create(tmp); LvmLoopDevices two = LvmLoopDevices.create(tmp)) {
            one.createVg("onevg", one.addDisk("a", 32 * MIB));
            two.createVg("twovg", two.addDisk("a", 32 * MIB));

            assertThat(report(one.run(VGS), "vg").findValuesAsText("vg_name")).containsExactly("onevg");
            assertThat(report(two.run(VGS), "vg").findValuesAsText("vg_name")).containsExactly("twovg");
            assertThat(one.systemDir()).isNotEqualTo(two.systemDir());
            assertThat(one.environment()).containsEntry("LVM_SYSTEM_DIR", one.systemDir().toString());
        }
    }

    @Test
    void closeLeavesNoLoopDeviceNoVolumeGroupAndNoFile() throws Exception {
        List<String> before = loopDevices();
        LvmLoopDevices lvm = LvmLoopDevices.create(tmp);
        String a = lvm.addDisk("a", 64 * MIB);
        String b = lvm.addDisk("b", 64 * MIB);
        String c = lvm.addDisk("c", 32 * MIB);
        lvm.createVg("leakvg", a, b);
        lvm.createLv("leakvg", "lv", 80 * MIB);
        lvm.createVg("expvg", c);
        lvm.run("vgexport", "expvg");
        lvm.detach(b);
        assertThat(ours(loopDevices())).hasSize(2);

        lvm.close();
        lvm.close();

        assertThat(ours(loopDevices())).as("loop devices on this test's files").isEmpty();
        assertThat(newSince(before)).as("loop devices attached since the test started").noneMatch(this::isOurs);
        assertThat(filesUnder(tmp)).isEmpty();
    }

    @Test
    void closeDetachesAfterAStepFailedHalfWay() throws Exception {
        LvmLoopDevices lvm = LvmLoopDevices.create(tmp);
        try {
            String a = lvm.addDisk("a", 32 * MIB);
            lvm.createVg("halfvg", a);
            lvm.createLv("halfvg", "too-big", 512 * MIB);
        } catch (LvmLoopDevices.CommandFailedException expected) {
            assertThat(expected.stderr()).contains("Volume group \"halfvg\" has insufficient free space");
        } finally {
            lvm.close();
        }

        assertThat(ours(loopDevices())).isEmpty();
        assertThat(filesUnder(tmp)).isEmpty();
    }

    private static long usable(long diskBytes) {
        return (diskBytes - MIB) / EXTENT * EXTENT;
    }

    private static JsonNode report(String stdout, String kind) throws IOException {
        JsonNode rows = Json.mapper().readTree(stdout).path("report").path(0).path(kind);
        assertThat(rows.isArray()).as("report[0].%s in %s", kind, stdout).isTrue();
        return rows;
    }

    private static JsonNode onlyRow(String stdout, String kind) throws IOException {
        JsonNode rows = report(stdout, kind);
        assertThat(rows).as(stdout).hasSize(1);
        return rows.get(0);
    }

    /** {@code losetup -a}, one line per attached device ("/dev/loop0: []: (/path/file)"). */
    private static List<String> loopDevices() throws Exception {
        CommandRunner.Result r = new CommandRunner().run("test", List.of("losetup", "-a"), Duration.ofSeconds(10));
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    private List<String> newSince(List<String> before) throws Exception {
        List<String> now = new ArrayList<>(loopDevices());
        now.removeAll(before);
        return now;
    }

    private boolean isOurs(String losetupLine) {
        return losetupLine.contains(tmp.toString());
    }

    private List<String> ours(List<String> losetupLines) {
        return losetupLines.stream().filter(this::isOurs).toList();
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
