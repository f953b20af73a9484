package com.capreport.dashboard;

import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.etcd.EtcdConnection;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How this dashboard runs: where etcd is, an optional embedded agent, and the headless screenshot
 * mode. Parsed and validated once by {@link Launcher}.
 */
public record DashboardOptions(EtcdConnection etcd, Optional<AgentConfig> agentConfig, Optional<Path> screenshot,
                               View view, int width, int height, boolean notifications) {
    /** The views that can be shown first (and rendered by --screenshot). */
    public enum View { POOLS, DOCKS, PROFILES, GAPS, EVENTS, INVALID }

    public static DashboardOptions window(EtcdConnection etcd) {
        return new DashboardOptions(etcd, Optional.empty(), Optional.empty(), View.POOLS, 1400, 820, true);
    }
}
