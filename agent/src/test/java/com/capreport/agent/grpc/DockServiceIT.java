package com.capreport.agent.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.capreport.agent.Agent;
import com.capreport.agent.driver.sim.SimDriver;
import com.capreport.agent.testing.Configs;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.Capacity;
import com.capreport.model.Json;
import com.capreport.model.PoolIds;
import com.capreport.model.PoolSpec;
import com.capreport.proto.CycleResult;
import com.capreport.proto.DiscoverNowRequest;
import com.capreport.proto.DockServiceGrpc;
import com.capreport.proto.DockStatus;
import com.capreport.proto.GetStatusRequest;
import com.capreport.proto.ListPoolsRequest;
import com.capreport.proto.LoopInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The DockService over real gRPC on loopback, against an agent reporting to a real etcd. */
@Timeout(60)
class DockServiceIT {
    private Agent agent;
    private ManagedChannel channel;
    private DockServiceGrpc.DockServiceBlockingStub stub;

    @BeforeEach
    void setUp() throws Exception {
        agent = Agent.start(Configs.parse(Configs.yaml(TestEtcd.endpoint(), TestEtcd.uniquePrefix("grpc"), "node-g",
                "interval: 60s, timeout: 5s, leaseTtl: 3s",
                Configs.simBackend("lab", "p1", "p2") + Configs.simBackend("other", "o1"))));
        agent.discoverNow(java.util.Optional.empty()).get(20, TimeUnit.SECONDS);
        String[] hp = agent.grpcEndpoint().split(":");
        channel = NettyChannelBuilder.forAddress(hp[0], Integer.parseInt(hp[1])).usePlaintext().build();
        stub = DockServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        agent.close();
    }

    @Test
    void statusShowsTheDockAndEveryLoop() {
        DockStatus s = stub.getStatus(GetStatusRequest.getDefaultInstance());
        assertThat(s.getDockId()).isEqualTo("node-g");
        assertThat(s.getEndpoint()).isEqualTo(agent.grpcEndpoint());
        assertThat(s.getEtcdConnected()).isTrue();
        assertThat(s.getLoopsList()).extracting(LoopInfo::getBackend).containsExactly("lab", "other");
        LoopInfo lab = s.getLoopsList().get(0);
        assertThat(lab.getState()).isEqualTo("RUNNING");
        assertThat(lab.getPoolCount()).isEqualTo(2);
        assertThat(lab.getLastSuccessMs()).isPositive();
        assertThat(lab.getNextRunMs()).isGreaterThan(lab.getLastSuccessMs());
        assertThat(lab.getIntervalMs()).isEqualTo(60_000);
    }

    @Test
    void discoverNowReturnsAfterTheCycleWithWhatChanged() {
        ((SimDriver) agent.loop("lab").orElseThrow().driver()).setFreeBytes("p2", Capacity.fromGiB(10));
        var r = stub.discoverNow(DiscoverNowRequest.newBuilder().setBackend("lab").build());
        assertThat(r.getResultsList()).hasSize(1);
        CycleResult c = r.getResults(0);
        assertThat(c.getOk()).isTrue();
        assertThat(c.getPublished()).isTrue();
        assertThat(c.getChangedList()).containsExactly(PoolIds.poolId("node-g", "lab", "p2"));
        assertThat(c.getAddedList()).isEmpty();

        var all = stub.discoverNow(DiscoverNowRequest.getDefaultInstance());
        assertThat(all.getResultsList()).extracting(CycleResult::getBackend).containsExactly("lab", "other");
        assertThat(all.getResultsList()).allSatisfy(x -> assertThat(x.getChangedList()).isEmpty());
    }

    @Test
    void discoverNowOnAFailingBackendReportsTheError() {
        ((SimDriver) agent.loop("other").orElseThrow().driver()).setMode(SimDriver.Mode.FAIL, "fabric down");
        CycleResult c = stub.discoverNow(DiscoverNowRequest.newBuilder().setBackend("other").build()).getResults(0);
        assertThat(c.getOk()).isFalse();
        assertThat(c.getError()).contains("fabric down");
        assertThat(stub.getStatus(GetStatusRequest.getDefaultInstance()).getLoops(1).getState()).isEqualTo("ERROR");
    }

    @Test
    void discoverNowOnAnUnknownBackendIsNotFoundNamingTheBackends() {
        assertThatThrownBy(() -> stub.discoverNow(DiscoverNowRequest.newBuilder().setBackend("nope").build()))
                .isInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND))
                .hasMessageContaining("no backend 'nope'").hasMessageContaining("lab, other");
    }

    @Test
    void listPoolsGivesTheLastDiscoveredPoolsWithTheirFullSpec() throws Exception {
        var r = stub.listPools(ListPoolsRequest.newBuilder().setBackend("lab").build());
        assertThat(r.getPoolsList()).extracting(p -> p.getName()).containsExactlyInAnyOrder("p1", "p2");
        var p1 = r.getPoolsList().stream().filter(p -> p.getName().equals("p1")).findFirst().orElseThrow();
        assertThat(p1.getStatus()).isEqualTo("available");
        assertThat(p1.getTotalBytes()).isEqualTo(Capacity.fromGiB(1000));
        PoolSpec spec = Json.decode(p1.getJson(), PoolSpec.class, "grpc pool");
        assertThat(spec.id()).isEqualTo(p1.getId());
        assertThat(stub.listPools(ListPoolsRequest.getDefaultInstance()).getPoolsCount()).isEqualTo(3);
    }

    @Test
    void healthServiceSaysServing() {
        var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService(DockServiceGrpc.SERVICE_NAME).build())
                .getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
}
