package com.capreport.dashboard.docks;

import com.capreport.agent.grpc.GrpcTls;
import com.capreport.proto.DiscoverNowRequest;
import com.capreport.proto.DiscoverNowResponse;
import com.capreport.proto.DockServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Calls a dock's gRPC DockService off the FX thread (one daemon executor) and turns the answer
 * into one line for the admin.
 */
public final class DiscoverClient implements AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dashboard-discover-now");
        t.setDaemon(true);
        return t;
    });
    private final long deadlineSeconds;
    private final Optional<GrpcTls.Client> tls;

    /** Plain-text gRPC. */
    public DiscoverClient(long deadlineSeconds) {
        this(deadlineSeconds, Optional.empty());
    }

    /** TLS (mutual TLS with a client certificate) when {@code tls} is given: --grpc-cacert, --grpc-cert, --grpc-key. */
    public DiscoverClient(long deadlineSeconds, Optional<GrpcTls.Client> tls) {
        this.deadlineSeconds = deadlineSeconds;
        this.tls = tls;
    }

    public CompletableFuture<String> discoverNow(String dockId, String endpoint, String backend) {
        return CompletableFuture.supplyAsync(() -> call(dockId, endpoint, backend), executor);
    }

    private String call(String dockId, String endpoint, String backend) {
        ManagedChannel channel;
        try {
            channel = GrpcTls.channel(endpoint, tls);
        } catch (IOException | IllegalArgumentException e) {
            throw new CompletionException(new IllegalStateException("gRPC TLS: cannot load the --grpc-* files (PEM, key "
                    + "in PKCS#8): " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e));
        }
        try {
            DiscoverNowResponse r = DockServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
                    .discoverNow(DiscoverNowRequest.newBuilder().setBackend(backend).build());
            return "discover now on " + dockId + ": " + r.getResultsList().stream().map(GrpcTls::describeCycle)
                    .collect(Collectors.joining("; "));
        } catch (StatusRuntimeException e) {
            // One line, saying what to do when it is TLS ("this agent requires TLS: give --grpc-cacert").
            throw new CompletionException(new IllegalStateException(GrpcTls.describe(e, endpoint, tls), e));
        } finally {
            channel.shutdownNow();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
