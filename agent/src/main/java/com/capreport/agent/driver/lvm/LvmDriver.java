package com.capreport.agent.driver.lvm;

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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists volume groups, thin pools and VDO pools with two lvm2 JSON reports per cycle ({@code vgs},
 * {@code lvs -a}); parsing lives in {@link LvmReport}. A configured VG that is missing from a
 * listing turns its pool unavailable (it is not a backend failure: the other VGs still report).
 */
public final class LvmDriver implements StorageDriver {
    private static final Logger LOG = LoggerFactory.getLogger(LvmDriver.class);
    // An lvm.conf may turn on report_command_log (errors move into stdout's JSON) or turn off
    // mark_hidden_devices (sub-LVs lose their [brackets]): both are pinned for our reports.
    static final String CONFIG = "log/report_command_log=0 report/mark_hidden_devices=1";
    static final List<String> VGS = List.of("vgs", "--config", CONFIG, "--reportformat", "json",
            "--units", "b", "--nosuffix", "-o",
            "vg_name,vg_uuid,vg_size,vg_free,vg_attr,pv_count,lv_count,vg_missing_pv_count,vg_tags");
    static final List<String> LVS = List.of("lvs", "--config", CONFIG, "-a", "--reportformat",
            "json", "--units", "b", "--nosuffix", "-o",
            "lv_name,vg_name,lv_uuid,lv_size,lv_attr,pool_lv,origin,data_percent,metadata_percent,segtype,stripes,"
                    + "lv_health_status");

    private final String backend;
    private final CommandRunner runner;
    private final List<String> prefix;
    private final Set<String> volumeGroups;
    private final boolean thinPools;
    private final Set<String> noted = ConcurrentHashMap.newKeySet();

    private final Map<String, String> env;

    public LvmDriver(String backend, CommandRunner runner, Map<String, String> env, List<String> commandPrefix,
                     Set<String> volumeGroups, boolean thinPools) {
        this.backend = backend;
        this.env = new java.util.TreeMap<>(env);
        this.runner = runner.withEnv(env);
        this.prefix = List.copyOf(commandPrefix);
        this.volumeGroups = Set.copyOf(volumeGroups);
        this.thinPools = thinPools;
    }

    @Override
    public String driverName() {
        return "lvm";
    }

    @Override
    public List<DiscoveredPool> listPools(Duration timeout) throws DriverException, InterruptedException {
        Deadline d = Deadline.in(timeout);
        CommandRunner.Result vgs = runner.run(backend, command(VGS), d.remaining());
        String lvs = runner.run(backend, command(LVS), d.remaining()).stdout();
        List<String> notes = new ArrayList<>();
        List<DiscoveredPool> pools = LvmReport.pools(backend, vgs.stdout(), vgs.stderr(), lvs, volumeGroups, thinPools,
                notes);
        for (String n : notes) {
            if (noted.add(n)) {
                LOG.info("{}: {}", backend, n);
            }
        }
        if (!volumeGroups.isEmpty()) {
            for (String vg : volumeGroups) {
                if (pools.stream().noneMatch(p -> p.nativeId().equals(vg)) && noted.add("missing " + vg)) {
                    LOG.warn("{}: configured volume group {} is not listed by vgs (its pool turns unavailable)",
                            backend, vg);
                }
            }
        }
        return pools;
    }

    private List<String> command(List<String> cmd) {
        List<String> c = new ArrayList<>(prefix);
        if (!prefix.isEmpty() && !env.isEmpty()) {
            // sudo resets the environment: hand LVM_SYSTEM_DIR & co. over explicitly, after the prefix.
            c.add("env");
            env.forEach((k, v) -> c.add(k + "=" + v));
        }
        c.addAll(cmd);
        return c;
    }

    /** Options: volumeGroups, commandPrefix, systemDir, thinPools. */
    public static final class Factory implements DriverFactory {
        @Override
        public String name() {
            return "lvm";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of("volumeGroups", "commandPrefix", "systemDir", "thinPools");
        }

        @Override
        public StorageDriver create(DriverContext ctx) throws ConfigException {
            ConfigNode o = ctx.options();
            Map<String, String> env = new java.util.TreeMap<>();
            env.put("LVM_SUPPRESS_FD_WARNINGS", "1");
            env.put("LC_ALL", "C");
            String systemDir = o.string("systemDir", null);
            if (systemDir != null) {
                if (!Files.isDirectory(Path.of(systemDir))) {
                    throw o.child("systemDir").error("'" + systemDir + "' is not a directory (it must hold lvm.conf)");
                }
                env.put("LVM_SYSTEM_DIR", systemDir);
            }
            return new LvmDriver(ctx.backendName(), ctx.runner(), env, o.stringList("commandPrefix"),
                    new LinkedHashSet<>(o.stringList("volumeGroups")), o.bool("thinPools", true));
        }
    }
}
