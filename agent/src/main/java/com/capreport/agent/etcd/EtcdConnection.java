package com.capreport.agent.etcd;

import com.capreport.model.KeyLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to reach etcd: endpoints, key prefix, optional TLS and optional user/password. The password
 * itself is never held here: only where to read it from (a file or an environment variable), so
 * this record can be logged and printed safely.
 */
public record EtcdConnection(List<String> endpoints, String prefix, Optional<Tls> tls, Optional<String> user,
                             Optional<Path> passwordFile, Optional<String> passwordEnv) {
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:2379";
    public static final String ENV_ENDPOINTS = "CAPREPORT_ETCD";
    public static final String ENV_PASSWORD = "CAPREPORT_ETCD_PASSWORD";

    public EtcdConnection {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        endpoints = List.copyOf(endpoints);
        // Validated at the edge (options, config); here only so no path can turn '/' or '' into the default.
        if (prefix != null && KeyLayout.prefixProblem(prefix).isPresent()) {
            throw new IllegalArgumentException(KeyLayout.prefixProblem(prefix).get());
        }
        prefix = KeyLayout.normalize(prefix);
    }

    public static EtcdConnection plain(List<String> endpoints, String prefix) {
        return new EtcdConnection(endpoints, prefix, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public KeyLayout layout() {
        return new KeyLayout(prefix);
    }

    /** Client TLS material: the CA that signed etcd's certificate, and optionally a client pair. */
    public record Tls(Optional<Path> cacert, Optional<Path> cert, Optional<Path> key) {
    }

    @Override
    public String toString() {
        return String.join(",", endpoints) + " prefix " + prefix + (tls.isPresent() ? " (TLS)" : "")
                + user.map(u -> " user " + u).orElse("");
    }
}
