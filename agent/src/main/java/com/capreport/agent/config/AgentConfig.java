package com.capreport.agent.config;

import com.capreport.agent.etcd.EtcdConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agent's whole configuration, validated. Contract keys (DESIGN.md): {@code dock.id},
 * {@code etcd.endpoints}, {@code etcd.prefix}, {@code discovery.interval}, {@code discovery.timeout},
 * {@code discovery.leaseTtl}, {@code backends[].name|driver|extras} and the drivers' own keys.
 */
public record AgentConfig(String source, Dock dock, EtcdConnection etcd, Discovery discovery,
                          List<Backend> backends) {
    public AgentConfig {
        backends = List.copyOf(backends);
    }

    /**
     * {@code grpc} is "host:port" (port 0 picks a free one) or empty for no gRPC server;
     * {@code grpcTls} the server certificate (and client CA for mutual TLS), empty for plain text.
     */
    public record Dock(String id, String name, String availabilityZone, String grpc,
                       java.util.Optional<com.capreport.agent.grpc.GrpcTls.Server> grpcTls) {
        /** Plain-text gRPC (or none). */
        public Dock(String id, String name, String availabilityZone, String grpc) {
            this(id, name, availabilityZone, grpc, java.util.Optional.empty());
        }
    }

    /**
     * Loop timing. {@code retention}: how long an {@code unavailable} pool stays before it is deleted.
     * {@code capacityThreshold}: a fraction of the pool's total; a free-capacity change smaller than
     * it is not written (0 = every byte counts).
     */
    public record Discovery(Duration interval, Duration timeout, Duration leaseTtl, Duration retention,
                            double capacityThreshold, Duration proofPeriod) {
        /** Without a proof period: the default ({@link ConfigLoader#DEFAULT_PROOF_PERIOD}). */
        public Discovery(Duration interval, Duration timeout, Duration leaseTtl, Duration retention,
                         double capacityThreshold) {
            this(interval, timeout, leaseTtl, retention, capacityThreshold, ConfigLoader.DEFAULT_PROOF_PERIOD);
        }
    }

    /**
     * One backend: its name (a key segment), driver, per-backend timing, capability overrides for
     * all its pools ({@code extras}) or per native pool name ({@code poolExtras}), and the node
     * holding the driver's own options, which the driver validates.
     */
    public record Backend(String name, String driver, Duration interval, Duration timeout,
                          Map<String, Object> extras, Map<String, Map<String, Object>> poolExtras,
                          ConfigNode options) {
        public Backend {
            extras = Map.copyOf(extras);
            poolExtras = Map.copyOf(poolExtras);
        }
    }
}
