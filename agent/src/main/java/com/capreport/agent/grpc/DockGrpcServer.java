package com.capreport.agent.grpc;

import com.capreport.agent.Agent;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The DockService plus the standard gRPC health service, on one listening address. */
public final class DockGrpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockGrpcServer.class);
    private final Server server;
    private final HealthStatusManager health;
    private final String endpoint;

    private DockGrpcServer(Server server, HealthStatusManager health, String endpoint) {
        this.server = server;
        this.health = health;
        this.endpoint = endpoint;
    }

    /** Listens on {@code hostPort} ("127.0.0.1:50051"; port 0 picks a free one), plain text. */
    public static DockGrpcServer start(String hostPort, Agent.Holder agent) throws IOException {
        return start(hostPort, Optional.empty(), agent);
    }

    /**
     * Listens on {@code hostPort} with TLS when {@code tls} is given (mutual TLS with a client CA).
     * Plain text on an address other than loopback logs one warning: anyone who reaches it can call.
     */
    public static DockGrpcServer start(String hostPort, Optional<GrpcTls.Server> tls, Agent.Holder agent)
            throws IOException {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (tls.isEmpty() && (address.getAddress() == null || !address.getAddress().isLoopbackAddress())) {
            LOG.warn("dock.grpc: listening on {} in plain text, without TLS: anyone who reaches this address can call "
                    + "the DockService (Discover now); give dock.grpc a mapping with listen, cert, key and clientCa (docs/security.md) "
                    + "or bind to 127.0.0.1", hostPort);
        }
        HealthStatusManager health = new HealthStatusManager();
        NettyServerBuilder builder;
        try {
            builder = NettyServerBuilder.forAddress(address, GrpcTls.serverCredentials(tls));
        } catch (IllegalArgumentException e) {
            // grpc-java says "Unable to create SslContext" for a key that does not fit the certificate and the like.
            throw new IOException("TLS: cannot use certificate " + tls.map(t -> t.cert() + " / key " + t.key()).orElse("")
                    + " (PEM, key in PKCS#8, key of that certificate): " + e.getMessage(), e);
        }
        Server server = builder
                .addService(new DockServiceImpl(agent))
                .addService(health.getHealthService())
                .build()
                .start();
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(DockServiceImpl.SERVICE_NAME, ServingStatus.SERVING);
        return new DockGrpcServer(server, health, host + ":" + server.getPort());
    }

    public String endpoint() {
        return endpoint;
    }

    public int port() {
        return server.getPort();
    }

    /** shutdown, wait, shutdownNow: the grpc-java examples' sequence. Idempotent. */
    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(3, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
