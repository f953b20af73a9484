package com.capreport.agent.driver;

import com.capreport.agent.driver.ceph.CephDriver;
import com.capreport.agent.driver.fs.FilesystemDriver;
import com.capreport.agent.driver.lvm.LvmDriver;
import com.capreport.agent.driver.sim.SimDriver;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The drivers this agent knows, by name. */
public final class DriverRegistry {
    private final Map<String, DriverFactory> factories = new LinkedHashMap<>();

    public DriverRegistry(Collection<DriverFactory> factories) {
        factories.forEach(f -> this.factories.put(f.name(), f));
    }

    /** Every built-in driver. */
    public static DriverRegistry builtIn() {
        return new DriverRegistry(java.util.List.of(new FilesystemDriver.Factory(), new LvmDriver.Factory(),
                new CephDriver.Factory(), new SimDriver.Factory()));
    }

    public Optional<DriverFactory> find(String name) {
        return Optional.ofNullable(factories.get(name));
    }

    public Collection<String> names() {
        return factories.keySet();
    }
}
