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
}
