package com.capreport.agent.cli;

import com.capreport.agent.grpc.GrpcTls;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The gRPC client options of DESIGN.md ("Additions for the second wave"), as a picocli mixin shared
 * by the CLI and the dashboard: how to reach an agent's DockService over TLS or mutual TLS.
 */
public final class GrpcOptions {
    @Option(names = "--grpc-cacert", paramLabel = "FILE",
            description = "CA certificate (PEM) that signed the agents' gRPC certificates; turns on TLS to the agents")
    Path cacert;

    @Option(names = "--grpc-cert", paramLabel = "FILE",
            description = "client certificate (PEM) for agents that require one (dock.grpc clientCa: mutual TLS)")
    Path cert;

    @Option(names = "--grpc-key", paramLabel = "FILE", description = "client private key (PEM, PKCS#8) for --grpc-cert")
    Path key;

    /** Whether any of the options was given. */
    public boolean anyGiven() {
        return cacert != null || cert != null || key != null;
    }

    /**
     * The client TLS settings, empty for plain text; the files are checked here (readable, PEM, key
     * in PKCS#8, certificate with key), so a wrong file is a usage error (exit 2) before any call.
     */
    public Optional<GrpcTls.Client> tls() {
        Optional<GrpcTls.Client> tls = GrpcTls.Client.of(cacert, cert, key);
        tls.flatMap(t -> t.problem("--grpc-cert", "--grpc-key", "--grpc-cacert")).ifPresent(p -> {
            throw new CliException(ExitCodes.USAGE, p);
        });
        return tls;
    }
}
