package com.capreport.dashboard.docks;

import com.capreport.proto.CycleResult;
import com.capreport.proto.DiscoverNowRequest;
import com.capreport.proto.DiscoverNowResponse;
import com.capreport.proto.DockServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
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

    public DiscoverClient(long deadlineSeconds) {
        this.deadlineSeconds = deadlineSeconds;
    }

    public CompletableFuture<String> discoverNow(String dockId, String endpoint, String backend) {
        return CompletableFuture.supplyAsync(() -> call(dockId, endpoint, backend), executor);
    }

    private String call(String dockId, String endpoint, String backend) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(endpoint).usePlaintext().build();
        try {
            DiscoverNowResponse r = DockServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
                    .discoverNow(DiscoverNowRequest.newBuilder().setBackend(backend).build());
            return "discover now on " + dockId + ": " + r.getResultsList().stream().map(DiscoverClient::describe)
                    .collect(Collectors.joining("; "));
        } catch (StatusRuntimeException e) {
            String d = e.getStatus().getDescription();
            throw new CompletionException(new IllegalStateException(e.getStatus().getCode() + " at " + endpoint
                    + (d == null ? "" : ": " + d.lines().findFirst().orElse("")), e));
        } finally {
            channel.shutdownNow();
        }
    }

    static String describe(CycleResult c) {
        if (!c.getOk()) {
            return c.getBackend() + " failed: " + c.getError();
        }
        return c.getBackend() + " ok, " + c.getPoolCount() + " pool(s), " + c.getAddedCount() + " new, "
                + c.getChangedCount() + " changed, " + c.getRemovedCount() + " gone (" + c.getDurationMs() + " ms"
                + (c.getPublished() ? "" : ", not yet written to etcd") + ")";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
