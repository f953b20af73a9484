package com.capreport.agent.testing;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.ManagedEtcd;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * One real etcd server shared by the test JVM (started on first use on free loopback ports with a
 * temp data dir, stopped at JVM exit). Tests isolate themselves with {@link #uniquePrefix}. Tests
 * that stop etcd start their own {@link ManagedEtcd} instead.
 */
public final class TestEtcd {
    private static ManagedEtcd shared;

    private TestEtcd() {
    }

    public static synchronized ManagedEtcd shared() {
        if (shared == null) {
            try {
                shared = ManagedEtcd.start();
            } catch (IOException e) {
                throw new UncheckedIOException("tests need a real etcd: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ManagedEtcd s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "test-etcd-stop"));
        }
        return shared;
    }

    public static String endpoint() {
        return shared().endpoint();
    }

    public static Client client() {
        return Client.builder().endpoints(endpoint()).build();
    }

    /** A fresh key prefix, so tests sharing one etcd never see each other's keys. */
    public static String uniquePrefix(String testName) {
        return "/test-" + testName + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String get(Client c, String key) throws Exception {
        var r = c.getKVClient().get(EtcdClients.bytes(key)).get();
        return r.getKvs().isEmpty() ? null : r.getKvs().get(0).getValue().toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static void put(Client c, String key, byte[] value) throws Exception {
        c.getKVClient().put(EtcdClients.bytes(key), io.etcd.jetcd.ByteSequence.from(value))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * Writes the estate a snapshot describes under {@code layout}, the way agents would have: dock
     * specs, {@code alive} for the docks alive then, loops, pools (profiles are left to the test).
     */
    public static void seed(Client c, com.capreport.model.KeyLayout layout, com.capreport.model.Snapshot s)
            throws Exception {
        for (com.capreport.model.Snapshot.DockEntry d : s.docks()) {
            put(c, layout.dockSpec(d.spec().id()), com.capreport.model.Json.encode(d.spec()));
            if (d.alive()) {
                put(c, layout.alive(d.spec().id()), com.capreport.model.Json.encode(d.holder()));
            }
        }
        for (com.capreport.model.LoopStatus l : s.loops()) {
            put(c, layout.loop(l.dockId(), l.backend()), com.capreport.model.Json.encode(l));
        }
        for (com.capreport.model.PoolSpec p : s.pools()) {
            put(c, layout.pool(p.dockId(), p.id()), com.capreport.model.Json.encode(p));
        }
    }
}
