package com.capreport.agent.testing;

import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;

/** Agent configs for tests, written as the YAML an admin would write and parsed by the real loader. */
public final class Configs {
    private Configs() {
    }

    public static AgentConfig parse(String yaml) {
        try {
            return new ConfigLoader(DriverRegistry.builtIn()).parse("test.yaml", yaml);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A dock with the given backends (YAML list items, already indented by two spaces). */
    public static String yaml(String endpoint, String prefix, String dockId, String discovery, String backends) {
        return "dock: { id: " + dockId + ", availabilityZone: az1, grpc: \"127.0.0.1:0\" }\n"
                + "etcd: { endpoints: [\"" + endpoint + "\"], prefix: \"" + prefix + "\" }\n"
                + "discovery: { " + discovery + " }\n"
                + "backends:\n" + backends;
    }

    /** A sim backend with pools named {@code names}, 1000 GiB each, 400 GiB free. */
    public static String simBackend(String name, String... poolNames) {
        StringBuilder sb = new StringBuilder("  - name: " + name + "\n    driver: sim\n    pools:\n");
        for (String p : poolNames) {
            sb.append("      - { name: ").append(p).append(", totalCapacity: 1000, freeCapacity: 400, extras: ")
                    .append("{ DataStorageLineOfService: { ProvisioningPolicy: [Thin] } } }\n");
        }
        return sb.toString();
    }
}
