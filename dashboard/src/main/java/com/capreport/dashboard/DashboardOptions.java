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
                               View view, int width, int height, boolean notifications, Optional<Path> snapshot) {
    /**
     * The views that can be shown first (and rendered by --screenshot), in the order of their
     * shortcuts (Ctrl+1…7): a new view goes at the end so the others keep theirs.
     */
    public enum View { POOLS, DOCKS, PROFILES, GAPS, EVENTS, INVALID, SNAPSHOTS }

    /** Without a snapshot file to open at start (the live estate). */
    public DashboardOptions(EtcdConnection etcd, Optional<AgentConfig> agentConfig, Optional<Path> screenshot,
                            View view, int width, int height, boolean notifications) {
        this(etcd, agentConfig, screenshot, view, width, height, notifications, Optional.empty());
    }

    public static DashboardOptions window(EtcdConnection etcd) {
        return new DashboardOptions(etcd, Optional.empty(), Optional.empty(), View.POOLS, 1400, 820, true);
    }
}
