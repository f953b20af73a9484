package com.capreport.agent.grpc;

import com.capreport.agent.Agent;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The DockService plus the standard gRPC health service, on one listening address. */
public final class DockGrpcServer implements AutoCloseable {
    private final Server server;
    private final HealthStatusManager health;
    private final String endpoint;

    private DockGrpcServer(Server server, HealthStatusManager health, String endpoint) {
        this.server = server;
        this.health = health;
        this.endpoint = endpoint;
    }

    /** Listens on {@code hostPort} ("127.0.0.1:50051"; port 0 picks a free one). */
    public static DockGrpcServer start(String hostPort, Agent.Holder agent) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        HealthStatusManager health = new HealthStatusManager();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
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
