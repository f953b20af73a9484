package com.capreport.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard refuses the same bad connection options and agent config as the CLI, in one
 * line, exit 2, before any window or etcd connection (issue 13, item 6). Separate JVMs, as run.
 */
class LauncherOptionsIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aRootEmptyOrControlPrefixAndAPortOutOfRangeExit2InOneLine() throws Exception {
        Path shot = dir.resolve("never.png");
        for (List<String> args : List.of(List.of("--prefix", "/"), List.of("--prefix", ""), List.of("--prefix", "\u0001"),
                List.of("--etcd", "http://127.0.0.1:99999"))) {
            String[] all = java.util.stream.Stream.concat(args.stream(), java.util.stream.Stream.of("--screenshot",
                    shot.toString())).toArray(String[]::new);

            LauncherIT.Run r = LauncherIT.launch(Map.of(), all);

            assertThat(r.exit()).as("%s: %s", args, r.stderr()).isEqualTo(2);
            assertThat(r.stderr().strip().lines()).as(r.stderr()).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("capreport dashboard: "));
            assertThat(r.stderr()).contains(args.get(0).equals("--etcd") ? "port 99999 is out of range" : "--prefix: ");
        }
        assertThat(Files.exists(shot)).isFalse();
    }

    @Test
    @Timeout(60)
    void anAgentConfigWithTheRootPrefixIsRefusedNamingTheKey() throws Exception {
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), "dock: { id: node-1 }\n"
                + "etcd: { endpoints: [\"http://127.0.0.1:2379\"], prefix: \"/\" }\n"
                + "backends:\n  - { name: sim-1, driver: sim, pools: [ { name: p1, totalCapacity: 10, freeCapacity: 5 } ] }\n");

        LauncherIT.Run r = LauncherIT.launch(Map.of(), "--agent-config", cfg.toString(), "--screenshot",
                dir.resolve("never.png").toString());

        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().strip()).startsWith("capreport dashboard: " + cfg + ": etcd.prefix: ")
                .contains("root of etcd").doesNotContain("\n");
    }

    @Test
    @Timeout(120)
    void aPkcs1GrpcKeyAndACertWithoutKeyExit2InOneLine() throws Exception {
        com.capreport.agent.testing.GrpcPki pki = com.capreport.agent.testing.GrpcPki.create(dir);
        Path shot = dir.resolve("never.png");
        LauncherIT.Run pkcs1 = LauncherIT.launch(Map.of(), "--grpc-cacert", pki.caCert().toString(), "--grpc-cert",
                pki.clientCert().toString(), "--grpc-key", pki.pkcs1Key().toString(), "--screenshot", shot.toString());
        assertThat(pkcs1.exit()).as(pkcs1.stderr()).isEqualTo(2);
        assertThat(pkcs1.stderr().strip()).startsWith("capreport dashboard: --grpc-key: ").contains("PKCS#1")
                .contains("openssl pkcs8 -topk8 -nocrypt").doesNotContain("\n");

        LauncherIT.Run half = LauncherIT.launch(Map.of(), "--grpc-cert", pki.clientCert().toString(),
                "--screenshot", shot.toString());
        assertThat(half.exit()).as(half.stderr()).isEqualTo(2);
        assertThat(half.stderr().strip()).isEqualTo("capreport dashboard: --grpc-cert and --grpc-key go together: "
                + "give both or neither");
        assertThat(Files.exists(shot)).isFalse();
    }
}
