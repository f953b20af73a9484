package com.capreport.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.capreport.agent.testing.EtcdFill;
import com.capreport.agent.testing.TestEtcd;
import com.capreport.model.EtcdAlarm;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each way an etcd call fails, provoked against a real etcd, arrives as its own {@link EtcdFailure}:
 * the callers branch on the type, never on the wording of a message.
 */
@Timeout(60)
class EtcdFailureIT {
    private static final Duration T = Duration.ofSeconds(5);

    private static EtcdFailure failureOf(CompletableFuture<?> f, Duration timeout) {
        try {
            EtcdClients.await(f, timeout, "test call");
        } catch (EtcdUnavailableException e) {
            assertThat(e.getMessage()).startsWith("test call: ").doesNotContain("\n");
            return e.failure();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aLeaseThatIsGoneIsLeaseNotFound() throws Exception {
        Client c = TestEtcd.client();
        long lease = c.getLeaseClient().grant(5).get().getID();
        c.getLeaseClient().revoke(lease).get();
        String key = TestEtcd.uniquePrefix("lease") + "/k";
        assertThat(failureOf(c.getKVClient().put(EtcdClients.bytes(key), EtcdClients.bytes("v"),
                PutOption.builder().withLeaseId(lease).build()), T)).isEqualTo(EtcdFailure.LEASE_NOT_FOUND);
        assertThat(failureOf(c.getLeaseClient().keepAliveOnce(lease), T)).isEqualTo(EtcdFailure.LEASE_NOT_FOUND);
    }

    @Test
    void aReadAtACompactedRevisionIsCompacted() throws Exception {
        Client c = TestEtcd.client();
        String key = TestEtcd.uniquePrefix("compact") + "/k";
        long first = c.getKVClient().put(EtcdClients.bytes(key), EtcdClients.bytes("1")).get().getHeader().getRevision();
        long now = c.getKVClient().put(EtcdClients.bytes(key), EtcdClients.bytes("2")).get().getHeader().getRevision();
        c.getKVClient().compact(now).get();
        assertThat(failureOf(c.getKVClient().get(EtcdClients.bytes(key), GetOption.builder().withRevision(first).build()),
                T)).isEqualTo(EtcdFailure.COMPACTED);
    }

    @Test
    void aValueAboveEtcdsRequestLimitIsTooLarge() throws Exception {
        Client c = TestEtcd.client();
        String key = TestEtcd.uniquePrefix("large") + "/k";
        byte[] big = new byte[2 * 1024 * 1024]; // etcd's default --max-request-bytes is 1.5 MiB
        assertThat(failureOf(c.getKVClient().put(EtcdClients.bytes(key), ByteSequence.from(big)), T))
                .isEqualTo(EtcdFailure.TOO_LARGE);
    }

    @Test
    void aPortNobodyListensOnIsUnreachableAndAHungEtcdIsATimeout() throws Exception {
        // Port 1 (tcpmux), which nothing here serves: a port freed by a ServerSocket(0) may be taken by
        // another process's etcd before the call (it happened on a shared CI host).
        int port = 1;
        try (Client c = EtcdClients.connect(EtcdConnection.plain(List.of("http://127.0.0.1:" + port), "/x"))) {
            EtcdFailure f = failureOf(c.getKVClient().get(EtcdClients.bytes("/x")), Duration.ofSeconds(30));
            assertThat(f.outage()).as(f.toString()).isTrue();
        }
        try (ManagedEtcd hung = ManagedEtcd.start();
             Client c = EtcdClients.connect(EtcdConnection.plain(List.of(hung.endpoint()), "/x"))) {
            c.getKVClient().get(EtcdClients.bytes("/x")).get(); // connected
            hung.pause(true);
            try {
                assertThat(failureOf(c.getKVClient().get(EtcdClients.bytes("/x")), Duration.ofSeconds(1)))
                        .isEqualTo(EtcdFailure.TIMEOUT);
            } finally {
                hung.pause(false);
            }
        }
    }

    @Test
    void aPutIntoAFullEtcdIsNoSpaceUntilCompactDefragAndDisarm() throws Exception {
        try (ManagedEtcd small = EtcdFill.startSmall();
             Client c = EtcdClients.connect(EtcdConnection.plain(List.of(small.endpoint()), "/x"))) {
            EtcdUnavailableException refused = EtcdFill.fillUntilRefused(c, "/filler");
            assertThat(refused.failure()).as(refused.getMessage()).isEqualTo(EtcdFailure.NO_SPACE);
            assertThat(refused.failure().alarm()).isTrue();
            assertThat(refused.failure().outage()).as("an alarm is not an outage").isFalse();
            // Any write now, however small, is refused the same way; reads still work.
            assertThat(failureOf(c.getKVClient().put(EtcdClients.bytes("/x/small"), EtcdClients.bytes("v")), T))
                    .isEqualTo(EtcdFailure.NO_SPACE);
            assertThat(EtcdAlarms.list(c, T)).extracting(EtcdAlarm::kind).containsExactly(EtcdAlarm.Kind.NOSPACE);
            c.getKVClient().get(EtcdClients.bytes("/x/small")).get();

            EtcdFill.recover(c, small.endpoint(), "/filler");
            assertThat(EtcdAlarms.list(c, T)).isEmpty();
            EtcdClients.await(c.getKVClient().put(EtcdClients.bytes("/x/small"), EtcdClients.bytes("v")), T, "put");
        }
    }

    @Test
    void aPutUnderACorruptAlarmIsCorruptAndTheAlarmListSaysCorrupt() throws Exception {
        try (ManagedEtcd own = ManagedEtcd.start();
             Client c = EtcdClients.connect(EtcdConnection.plain(List.of(own.endpoint()), "/x"))) {
            long member = c.getMaintenanceClient().statusMember(own.endpoint()).get().getHeader().getMemberId();
            // jetcd cannot raise (or name) CORRUPT; etcd's own Alarm RPC can, as its corruption check would.
            io.grpc.ManagedChannel ch = io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", own.clientPort())
                    .usePlaintext().build();
            try {
                io.etcd.jetcd.api.MaintenanceGrpc.newBlockingStub(ch).alarm(io.etcd.jetcd.api.AlarmRequest.newBuilder()
                        .setAction(io.etcd.jetcd.api.AlarmRequest.AlarmAction.ACTIVATE).setMemberID(member)
                        .setAlarmValue(2).build()); // etcdserverpb.AlarmType CORRUPT = 2; jetcd's proto stops at NOSPACE
            } finally {
                ch.shutdownNow();
            }
            assertThat(failureOf(c.getKVClient().put(EtcdClients.bytes("/x/k"), EtcdClients.bytes("v")), T))
                    .isEqualTo(EtcdFailure.CORRUPT);
            assertThat(EtcdAlarms.list(c, T)).extracting(EtcdAlarm::kind, EtcdAlarm::memberId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(EtcdAlarm.Kind.CORRUPT, member));
        }
    }
}
