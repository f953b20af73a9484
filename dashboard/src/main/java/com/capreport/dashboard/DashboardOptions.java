package com.capreport.dashboard;

import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.grpc.GrpcTls;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How this dashboard runs: where etcd is, an optional embedded agent, and the headless screenshot
 * mode. Parsed and validated once by {@link Launcher}.
 */
public record DashboardOptions(EtcdConnection etcd, Optional<AgentConfig> agentConfig, Optional<Path> screenshot,
                               View view, int width, int height, boolean notifications, Optional<Path> snapshot,
                               Optional<GrpcTls.Client> grpcTls) {
    /**
     * The views that can be shown first (and rendered by --screenshot), in the order of their
     * shortcuts (Ctrl+1…8). Attention, the home view, is first; a new view goes at the end.
     */
    public enum View { ATTENTION, POOLS, DOCKS, PROFILES, GAPS, EVENTS, INVALID, SNAPSHOTS }

    /** Plain-text gRPC to the agents ("Discover now"). */
    public DashboardOptions(EtcdConnection etcd, Optional<AgentConfig> agentConfig, Optional<Path> screenshot,
                            View view, int width, int height, boolean notifications, Optional<Path> snapshot) {
        this(etcd, agentConfig, screenshot, view, width, height, notifications, snapshot, Optional.empty());
    }

    /** With TLS (or mutual TLS) to the agents' gRPC: --grpc-cacert, --grpc-cert, --grpc-key. */
    public DashboardOptions withGrpcTls(Optional<GrpcTls.Client> tls) {
        return new DashboardOptions(etcd, agentConfig, screenshot, view, width, height, notifications, snapshot, tls);
    }

    /** Without a snapshot file to open at start (the live estate). */
    public DashboardOptions(EtcdConnection etcd, Optional<AgentConfig> agentConfig, Optional<Path> screenshot,
                            View view, int width, int height, boolean notifications) {
        this(etcd, agentConfig, screenshot, view, width, height, notifications, Optional.empty());
    }

    public static DashboardOptions window(EtcdConnection etcd) {
        return new DashboardOptions(etcd, Optional.empty(), Optional.empty(), View.ATTENTION, 1400, 820, true);
    }
}
