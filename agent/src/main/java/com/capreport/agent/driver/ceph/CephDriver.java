package com.capreport.agent.driver.ceph;

import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigNode;
import com.capreport.agent.driver.Deadline;
import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverContext;
import com.capreport.agent.driver.DriverException;
import com.capreport.agent.driver.DriverFactory;
import com.capreport.agent.driver.StorageDriver;
import com.capreport.agent.exec.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists a Ceph cluster's pools with four {@code ceph … -f json} calls per cycle ({@code df},
 * {@code osd dump}, {@code osd crush rule dump}, {@code health}); parsing lives in
 * {@link CephReport}. Every call has {@code --connect-timeout} and the cycle's deadline, so a
 * cluster that does not answer is a backend error, never a hang.
 */
public final class CephDriver implements StorageDriver {
    private final String backend;
    private final CommandRunner runner;
    private final List<String> base;
    private final Duration connectTimeout;
    private final Set<String> pools;

    public CephDriver(String backend, CommandRunner runner, List<String> base, Duration connectTimeout,
                      Set<String> pools) {
        this.backend = backend;
        this.runner = runner;
        this.base = List.copyOf(base);
        this.connectTimeout = connectTimeout;
        this.pools = Set.copyOf(pools);
    }

    @Override
    public String driverName() {
        return "ceph";
    }

    @Override
    public List<DiscoveredPool> listPools(Duration timeout) throws DriverException, InterruptedException {
        Deadline d = Deadline.in(timeout);
        String df = ceph(d, "df");
        String osd = ceph(d, "osd", "dump");
        String rules = ceph(d, "osd", "crush", "rule", "dump");
        String health = ceph(d, "health", "detail");
        return CephReport.pools(backend, df, osd, rules, health, pools);
    }

    private String ceph(Deadline d, String... args) throws DriverException, InterruptedException {
        Duration left = d.remaining();
        long connectSeconds = Math.max(1, Math.min(connectTimeout.toSeconds(), left.toSeconds()));
        List<String> cmd = new ArrayList<>(base);
        cmd.add("--connect-timeout");
        cmd.add(Long.toString(connectSeconds));
        cmd.add("-f");
        cmd.add("json");
        cmd.addAll(List.of(args));
        return runner.run(backend, cmd, left).stdout();
    }

    /** Options: conf, user, keyring, cluster, connectTimeout, pools, commandPrefix. */
    public static final class Factory implements DriverFactory {
        @Override
        public String name() {
            return "ceph";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of("conf", "user", "keyring", "cluster", "connectTimeout", "pools", "commandPrefix");
        }

        @Override
        public StorageDriver create(DriverContext ctx) throws ConfigException {
            ConfigNode o = ctx.options();
            List<String> base = new ArrayList<>(o.stringList("commandPrefix"));
            base.add("ceph");
            String conf = o.string("conf", null);
            if (conf != null) {
                if (!Files.isReadable(Path.of(conf))) {
                    throw o.child("conf").error("cannot read '" + conf + "'");
                }
                base.add("--conf");
                base.add(conf);
            }
            String user = o.string("user", null);
            if (user != null) {
                if (user.startsWith("client.")) {
                    user = user.substring("client.".length());
                }
                base.add("--id");
                base.add(user);
            }
            String keyring = o.string("keyring", null);
            if (keyring != null) {
                if (!Files.isReadable(Path.of(keyring))) {
                    throw o.child("keyring").error("cannot read '" + keyring + "'");
                }
                base.add("--keyring");
                base.add(keyring);
            }
            String cluster = o.string("cluster", null);
            if (cluster != null) {
                base.add("--cluster");
                base.add(cluster);
            }
            Duration connect = o.duration("connectTimeout", Duration.ofSeconds(10));
            return new CephDriver(ctx.backendName(), ctx.runner(), base, connect,
                    new LinkedHashSet<>(o.stringList("pools")));
        }
    }
}
