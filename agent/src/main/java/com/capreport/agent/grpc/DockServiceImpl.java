package com.capreport.agent.grpc;

import com.capreport.agent.Agent;
import com.capreport.agent.discovery.CycleResult;
import com.capreport.agent.discovery.DiscoveryLoop;
import com.capreport.model.DockSpec;
import com.capreport.model.Json;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolSpec;
import com.capreport.proto.DiscoverNowRequest;
import com.capreport.proto.DiscoverNowResponse;
import com.capreport.proto.DockServiceGrpc;
import com.capreport.proto.DockStatus;
import com.capreport.proto.GetStatusRequest;
import com.capreport.proto.ListPoolsRequest;
import com.capreport.proto.ListPoolsResponse;
import com.capreport.proto.LoopInfo;
import com.capreport.proto.Pool;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/** Maps DockService calls onto the running {@link Agent}. No logic of its own. */
final class DockServiceImpl extends DockServiceGrpc.DockServiceImplBase {
    static final String SERVICE_NAME = DockServiceGrpc.SERVICE_NAME;

    private final Agent.Holder holder;

    DockServiceImpl(Agent.Holder holder) {
        this.holder = holder;
    }

    private Optional<Agent> agent(StreamObserver<?> out) {
        Optional<Agent> a = holder.agent();
        if (a.isEmpty()) {
            out.onError(Status.UNAVAILABLE.withDescription("the agent is still starting").asRuntimeException());
        }
        return a;
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<DockStatus> out) {
        Optional<Agent> a = agent(out);
        if (a.isEmpty()) {
            return;
        }
        DockSpec spec = a.get().session().spec();
        DockStatus.Builder b = DockStatus.newBuilder()
                .setDockId(spec.id()).setName(spec.name()).setHost(spec.host()).setEndpoint(spec.endpoint())
                .setAvailabilityZone(spec.availabilityZone()).setAgentVersion(spec.agentVersion())
                .setStartedAtMs(ms(spec.startedAt())).setEtcdConnected(a.get().session().connected());
        for (DiscoveryLoop loop : a.get().loops()) {
            b.addLoops(toProto(loop.status()));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void discoverNow(DiscoverNowRequest request, StreamObserver<DiscoverNowResponse> out) {
        Optional<Agent> a = agent(out);
        if (a.isEmpty()) {
            return;
        }
        Optional<String> backend = request.getBackend().isEmpty() ? Optional.empty() : Optional.of(request.getBackend());
        if (backend.isPresent() && a.get().loop(backend.get()).isEmpty()) {
            out.onError(Status.NOT_FOUND.withDescription("dock " + a.get().config().dock().id() + " has no backend '"
                    + backend.get() + "' (it has: " + String.join(", ", a.get().loops().stream()
                    .map(DiscoveryLoop::backendName).toList()) + ")").asRuntimeException());
            return;
        }
        a.get().discoverNow(backend).whenComplete((results, err) -> {
            if (err != null) {
                Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                out.onError(Status.UNAVAILABLE.withDescription(String.valueOf(c.getMessage())).asRuntimeException());
                return;
            }
            DiscoverNowResponse.Builder b = DiscoverNowResponse.newBuilder();
            for (CycleResult r : results) {
                b.addResults(com.capreport.proto.CycleResult.newBuilder()
                        .setBackend(r.backend()).setOk(r.ok()).setError(r.error().orElse(""))
                        .addAllAdded(r.added()).addAllChanged(r.changed()).addAllRemoved(r.removed())
                        .setPoolCount(r.poolCount()).setDurationMs(r.took().toMillis()).setPublished(r.published()));
            }
            out.onNext(b.build());
            out.onCompleted();
        });
    }

    @Override
    public void listPools(ListPoolsRequest request, StreamObserver<ListPoolsResponse> out) {
        Optional<Agent> a = agent(out);
        if (a.isEmpty()) {
            return;
        }
        ListPoolsResponse.Builder b = ListPoolsResponse.newBuilder();
        for (DiscoveryLoop loop : a.get().loops()) {
            if (!request.getBackend().isEmpty() && !request.getBackend().equals(loop.backendName())) {
                continue;
            }
            List<PoolSpec> pools = loop.pools();
            for (PoolSpec p : pools) {
                b.addPools(Pool.newBuilder().setId(p.id()).setName(p.name()).setBackend(p.backend())
                        .setStatus(p.status().wire()).setTotalBytes(p.totalCapacityBytes())
                        .setFreeBytes(p.freeCapacityBytes()).setJson(Json.encodeString(p)));
            }
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    static LoopInfo toProto(LoopStatus s) {
        return LoopInfo.newBuilder().setBackend(s.backend()).setDriver(s.driver()).setState(s.state().name())
                .setSinceMs(ms(s.since())).setSeq(s.seq()).setLastSuccessMs(ms(s.lastSuccessAt()))
                .setLastError(s.lastError() == null ? "" : s.lastError())
                .setConsecutiveFailures(s.consecutiveFailures()).setIntervalMs(s.interval().toMillis())
                .setPoolCount(s.poolCount()).setNextRunMs(ms(s.nextRunAt())).build();
    }

    private static long ms(Instant i) {
        return i == null ? 0 : i.toEpochMilli();
    }
}
