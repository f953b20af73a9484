package com.capreport.agent.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.capreport.agent.Agent;
import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.testing.CliRun;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.GrpcPki;
import com.capreport.agent.testing.StderrCapture;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.proto.DockServiceGrpc;
import com.capreport.proto.DockStatus;
import com.capreport.proto.GetStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DockService over real TLS and mutual TLS: a real agent reporting to a real etcd, certificates
 * made with openssl, real gRPC clients (and the CLI's discover-now) with and without certificates.
 */
@Timeout(90)
class GrpcTlsIT {
    @TempDir
    static Path dir;
    static GrpcPki pki;

    final String prefix = TestEtcd.uniquePrefix("grpctls");
    Agent agent;

    @BeforeAll
    static void makePki() throws Exception {
        pki = GrpcPki.create(dir);
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private String yaml(String grpc) {
        return Configs.yaml(TestEtcd.endpoint(), prefix, "node-t", "interval: 60s, timeout: 5s, leaseTtl: 3s",
                Configs.simBackend("lab", "p1", "p2")).replace("grpc: \"127.0.0.1:0\"", "grpc: " + grpc);
    }

    private String tlsGrpc(boolean mutual) {
        return "{ listen: \"127.0.0.1:0\", cert: \"" + pki.serverCert() + "\", key: \"" + pki.serverKey() + "\""
                + (mutual ? ", clientCa: \"" + pki.caCert() + "\"" : "") + " }";
    }

    private Agent start(String grpc) throws Exception {
        agent = Agent.start(Configs.parse(yaml(grpc)));
        return agent;
    }

    private static DockStatus status(String endpoint, Optional<GrpcTls.Client> tls) throws Exception {
        ManagedChannel ch = GrpcTls.channel(endpoint, tls);
        try {
            return DockServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getStatus(GetStatusRequest.getDefaultInstance());
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static String refusal(String endpoint, Optional<GrpcTls.Client> tls) {
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> status(endpoint, tls));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        String line = GrpcTls.describe(e, endpoint, tls);
        CliRun.assertOneLine(line);
        return line;
    }

    private static Optional<GrpcTls.Client> client(Path ca, Path cert, Path key) {
        return GrpcTls.Client.of(ca, cert, key);
    }

    @Test
    void aTlsAgentAnswersATlsClientAndRefusesAPlainOne() throws Exception {
        Agent a = start(tlsGrpc(false));
        String ep = a.grpcEndpoint();
        assertThat(ep).startsWith("127.0.0.1:");
        assertThat(status(ep, client(pki.caCert(), null, null)).getDockId()).isEqualTo("node-t");

        assertThat(refusal(ep, Optional.empty())).contains("this agent requires TLS: give --grpc-cacert");
        // A client that trusts another CA does not accept the agent's certificate.
        assertThat(refusal(ep, client(pki.otherCaCert(), null, null))).contains("the agent's certificate is not trusted");
    }

    @Test
    void aMutualTlsAgentAcceptsOnlyAClientCertificateSignedByItsClientCa() throws Exception {
        Agent a = start(tlsGrpc(true));
        String ep = a.grpcEndpoint();
        assertThat(status(ep, client(pki.caCert(), pki.clientCert(), pki.clientKey())).getDockId()).isEqualTo("node-t");

        assertThat(refusal(ep, client(pki.caCert(), null, null)))
                .contains("the agent requires a client certificate (mutual TLS): give --grpc-cert and --grpc-key");
        assertThat(refusal(ep, client(pki.caCert(), pki.otherClientCert(), pki.otherClientKey())))
                .contains("the agent refused the client certificate: it requires one signed by its clientCa");
        assertThat(refusal(ep, Optional.empty())).contains("this agent requires TLS");
    }

    @Test
    void aTlsClientToAPlainAgentIsToldTheAgentSpeaksPlainText() throws Exception {
        Agent a = start("\"127.0.0.1:0\"");
        assertThat(refusal(a.grpcEndpoint(), client(pki.caCert(), null, null))).contains("the agent speaks plain text");
    }

    @Test
    void theCliDiscoversNowOverMutualTlsAndSaysInOneLineWhatIsMissing() throws Exception {
        Agent a = start(tlsGrpc(true));
        a.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);

        CliRun ok = CliRun.against(prefix, "discover-now", "node-t", "--grpc-cacert", pki.caCert().toString(),
                "--grpc-cert", pki.clientCert().toString(), "--grpc-key", pki.clientKey().toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("discover now on node-t: lab ok, 2 pool(s)");

        CliRun plain = CliRun.against(prefix, "discover-now", "node-t");
        assertThat(plain.exit()).isEqualTo(3);
        CliRun.assertOneLine(plain.err());
        assertThat(plain.err()).contains("this agent requires TLS: give --grpc-cacert");

        CliRun noCert = CliRun.against(prefix, "discover-now", "node-t", "--grpc-cacert", pki.caCert().toString());
        assertThat(noCert.exit()).isEqualTo(3);
        CliRun.assertOneLine(noCert.err());
        assertThat(noCert.err()).contains("requires a client certificate");

        CliRun pkcs1 = CliRun.against(prefix, "discover-now", "node-t", "--grpc-cacert", pki.caCert().toString(),
                "--grpc-cert", pki.clientCert().toString(), "--grpc-key", pki.pkcs1Key().toString());
        assertThat(pkcs1.exit()).isEqualTo(2);
        CliRun.assertOneLine(pkcs1.err());
        assertThat(pkcs1.err()).contains("PKCS#1").contains("openssl pkcs8 -topk8 -nocrypt");

        CliRun half = CliRun.against(prefix, "discover-now", "node-t", "--grpc-cert", pki.clientCert().toString());
        assertThat(half.exit()).isEqualTo(2);
        assertThat(half.err()).contains("--grpc-cert and --grpc-key go together");
    }

    @Test
    void plainTextOnANonLoopbackAddressLogsOneWarningAndLoopbackNone() throws Exception {
        try (StderrCapture log = new StderrCapture()) {
            Agent a = start("\"0.0.0.0:0\"");
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text().contains("in plain text, without TLS"));
            a.discoverNow(Optional.empty()).get(20, TimeUnit.SECONDS);
            assertThat(log.text().split("in plain text, without TLS", -1)).hasSize(2);
            a.close();
            agent = null;
            start("\"127.0.0.1:0\"");
            assertThat(log.text().split("in plain text, without TLS", -1)).hasSize(2);
        }
        // TLS on any address: no warning.
        try (StderrCapture log = new StderrCapture()) {
            agent.close();
            start(tlsGrpc(true).replace("127.0.0.1:0", "0.0.0.0:0"));
            assertThat(log.text()).doesNotContain("without TLS").contains("(mutual TLS)");
        }
    }

    @Test
    void badTlsFilesAreOneLineAtConfigLoadAndCheck() throws Exception {
        assertThat(configError(tlsGrpc(false).replace(pki.serverKey().toString(), pki.pkcs1Key().toString())))
                .contains("dock.grpc.key").contains("PKCS#1")
                .contains("openssl pkcs8 -topk8 -nocrypt -in " + pki.pkcs1Key());
        assertThat(configError("{ listen: \"127.0.0.1:0\", cert: \"" + pki.serverCert() + "\" }"))
                .contains("dock.grpc.key").contains("cert and key");
        assertThat(configError(tlsGrpc(true).replace(pki.caCert().toString(), dir.resolve("nope.crt").toString())))
                .contains("dock.grpc.clientCa").contains("cannot read file");
        assertThat(configError(tlsGrpc(false).replace(pki.serverCert().toString(), pki.serverKey().toString())))
                .contains("dock.grpc.cert").contains("not a PEM certificate");
        assertThat(configError("{ listen: \"127.0.0.1:0\", cert: a, key: b, ca: c }")).contains("unknown key");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, yaml(tlsGrpc(true).replace(pki.serverKey().toString(), pki.pkcs1Key().toString())));
        CliRun check = CliRun.of("agent", "--config", bad.toString(), "--check");
        assertThat(check.exit()).isEqualTo(2);
        CliRun.assertOneLine(check.err());
        assertThat(check.err()).contains("PKCS#1");
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, yaml(tlsGrpc(true)));
        assertThat(CliRun.of("agent", "--config", good.toString(), "--check").exit()).isZero();
    }

    @Test
    void aKeyThatDoesNotFitTheCertificateIsRefusedAtConfigLoadAndByTheCli() {
        assertThat(configError(tlsGrpc(false).replace(pki.serverKey().toString(), pki.clientKey().toString())))
                .contains("dock.grpc.key").contains("is not the private key of the certificate");
        CliRun wrong = CliRun.of("discover-now", "node-t", "--endpoint", "127.0.0.1:1", "--grpc-cacert",
                pki.caCert().toString(), "--grpc-cert", pki.clientCert().toString(), "--grpc-key", pki.serverKey().toString());
        assertThat(wrong.exit()).isEqualTo(2);
        CliRun.assertOneLine(wrong.err());
        assertThat(wrong.err()).contains("--grpc-key").contains("is not the private key");
    }

    @Test
    void theClientSideHasAConfigEquivalentOfTheGrpcOptions() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        java.util.function.Function<String, com.capreport.agent.config.ConfigNode> node = text -> {
            try {
                return new com.capreport.agent.config.ConfigNode("conn.yaml", "grpc", yaml.readTree(text));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
        Optional<GrpcTls.Client> tls = ConfigLoader.grpcClient(node.apply("{ cacert: \"" + pki.caCert() + "\", cert: \""
                + pki.clientCert() + "\", key: \"" + pki.clientKey() + "\" }"));
        assertThat(tls).contains(new GrpcTls.Client(Optional.of(pki.caCert()), Optional.of(pki.clientCert()),
                Optional.of(pki.clientKey())));
        assertThatThrownBy(() -> ConfigLoader.grpcClient(node.apply("{ cacert: \"" + pki.caCert() + "\", cert: \""
                + pki.clientCert() + "\", key: \"" + pki.pkcs1Key() + "\" }")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("grpc.key").hasMessageContaining("PKCS#1");
        assertThatThrownBy(() -> ConfigLoader.grpcClient(node.apply("{ cert: \"" + pki.clientCert() + "\" }")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("go together");
    }

    private String configError(String grpc) {
        try {
            new ConfigLoader(DriverRegistry.builtIn()).parse("t.yaml", yaml(grpc));
        } catch (ConfigException e) {
            CliRun.assertOneLine(e.getMessage());
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + grpc);
    }
}
