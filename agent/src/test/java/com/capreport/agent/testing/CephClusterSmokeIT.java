package com.capreport.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Ceph test harness itself: a real cluster comes up, survives a monitor restart and leaves nothing behind. */
@Tag("ceph")
@Timeout(180)
class CephClusterSmokeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void cephCanRunHere() {
        assumeThat(CephCluster.unavailableReason()).as("Ceph test cluster: %s",
                CephCluster.unavailableReason().orElse("")).isEmpty();
    }

    @Test
    void poolIsListedMonitorOutageFailsFastAndCloseLeavesNoDaemonOrDirectory() throws Exception {
        Path dir;
        CephCluster closedCluster;
        try (CephCluster ceph = CephCluster.start(1, false)) {
            closedCluster = ceph;
            dir = ceph.dir();
            assertThat(ceph.daemonPids()).as("mon, osd and mgr").hasSizeGreaterThanOrEqualTo(3);

            ceph.createReplicatedPool("smoke", 8);
            ceph.enableApplication("smoke", "rbd");
            assertThat(poolNames(ceph.ceph("df", "-f", "json"))).contains("smoke");

            ceph.stopMon();
            CephCluster.Result down = ceph.run(Duration.ofSeconds(3), "df", "-f", "json");
            assertThat(down.ok()).isFalse();
            assertThat(down.timedOut()).as("the CLI gives up by itself at --connect-timeout").isFalse();
            assertThat(down.took()).isLessThan(Duration.ofSeconds(5));
            assertThat(down.stderr()).contains("timed out");

            ceph.startMon();
            assertThat(poolNames(ceph.ceph("df", "-f", "json"))).contains("smoke");
        }
        assertThat(closedCluster.daemonPids()).as("processes of the closed cluster").isEmpty();
        assertThat(dir).doesNotExist();
    }

    @Test
    void cephxReadOnlyUserReadsTheClusterButCannotChangeIt() throws Exception {
        try (CephCluster ceph = CephCluster.start(1, true)) {
            String[] asReader = {"--id", ceph.user(), "--keyring", ceph.keyring().toString()};

            CephCluster.Result df = ceph.run(Duration.ofSeconds(10), concat(asReader, "df", "-f", "json"));
            assertThat(df.ok()).as(df.stderr()).isTrue();
            assertThat(JSON.readTree(df.stdout()).path("pools").isArray()).isTrue();

            CephCluster.Result create = ceph.run(Duration.ofSeconds(10),
                    concat(asReader, "osd", "pool", "create", "forbidden", "8"));
            assertThat(create.exitCode()).isEqualTo(13);
            assertThat(create.stderr()).contains("EACCES");
        }
    }

    @Test
    void startThatFailsHalfwayLeavesNoDaemonOrDirectory() {
        List<Path> dirsBefore = CephCluster.clusterDirs();
        List<Long> pidsBefore = CephCluster.allClusterPids();

        // 2 s: the monitor and OSD are up by then, the mgr is not available yet (a start takes about 5 s)
        assertThatThrownBy(() -> CephCluster.start(1, false, Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not start");

        // subsets: start() also removes clusters orphaned by dead JVMs
        assertThat(CephCluster.clusterDirs()).as("test cluster directories").isSubsetOf(dirsBefore);
        assertThat(CephCluster.allClusterPids()).as("test cluster processes").isSubsetOf(pidsBefore);
    }

    private static List<String> poolNames(String dfJson) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode p : JSON.readTree(dfJson).path("pools")) {
            names.add(p.path("name").asText());
        }
        return names;
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
