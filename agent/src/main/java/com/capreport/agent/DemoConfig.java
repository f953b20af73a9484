package com.capreport.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The demo's agent config (bundled {@code demo-agent.yaml}): this machine's distinct file stores
 * plus simulated backends clearly named "-sim", reporting to the given etcd.
 */
public final class DemoConfig {
    private DemoConfig() {
    }

    public static String yaml(String etcdEndpoint) throws IOException {
        String template;
        try (InputStream in = DemoConfig.class.getResourceAsStream("/demo-agent.yaml")) {
            if (in == null) {
                throw new IOException("demo-agent.yaml is missing from the build");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> paths = new ArrayList<>();
        Set<String> stores = new LinkedHashSet<>();
        for (String candidate : new String[] {"/", System.getProperty("java.io.tmpdir"), System.getProperty("user.home")}) {
            if (candidate == null) {
                continue;
            }
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                continue;
            }
            FileStore fs = Files.getFileStore(p);
            if (stores.add(fs.name() + "|" + fs.type())) {
                paths.add("\"" + p + "\"");
            }
        }
        return template.replace("@ETCD@", etcdEndpoint).replace("@FS_PATHS@", "[" + String.join(", ", paths) + "]");
    }
}
