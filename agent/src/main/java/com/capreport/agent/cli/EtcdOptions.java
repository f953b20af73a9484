package com.capreport.agent.cli;

import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.config.ConfigNode;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The common etcd options of DESIGN.md, as a picocli mixin. */
public final class EtcdOptions {
    @Option(names = "--etcd", paramLabel = "URLS",
            description = "etcd endpoints, comma-separated (default: $CAPREPORT_ETCD, else http://127.0.0.1:2379)")
    String endpoints;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "key prefix (default: /capreport/v1)")
    String prefix;

    @Option(names = "--cacert", paramLabel = "FILE", description = "CA certificate (PEM) that signed etcd's certificate")
    Path cacert;

    @Option(names = "--cert", paramLabel = "FILE", description = "client certificate (PEM)")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "client private key (PEM, PKCS#8)")
    Path key;

    @Option(names = "--user", paramLabel = "NAME", description = "etcd user; the password comes from --password-file or $CAPREPORT_ETCD_PASSWORD")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file holding the etcd password")
    Path passwordFile;

    /** Whether any connection option was given on the command line (else a config file's may apply). */
    public boolean anyGiven() {
        return endpoints != null || prefix != null || cacert != null || cert != null || key != null || user != null
                || passwordFile != null;
    }

    /** Whether --etcd was given. */
    public boolean endpointsGiven() {
        return endpoints != null && !endpoints.isBlank();
    }

    public EtcdConnection connection() {
        String eps = endpoints;
        if (eps == null || eps.isBlank()) {
            eps = System.getenv(EtcdConnection.ENV_ENDPOINTS);
        }
        List<String> list = eps == null || eps.isBlank() ? List.of(EtcdConnection.DEFAULT_ENDPOINT)
                : Arrays.stream(eps.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String ep : list) {
            try {
                ConfigLoader.checkEndpoint(ep, new ConfigNode("--etcd", "", null));
            } catch (ConfigException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
        }
        if (prefix != null) {
            KeyLayout.prefixProblem(prefix).ifPresent(problem -> {
                throw new CliException(ExitCodes.USAGE, "--prefix: " + problem);
            });
        }
        for (Path p : new Path[] {cacert, cert, key, passwordFile}) {
            if (p != null && !Files.isReadable(p)) {
                throw new CliException(ExitCodes.USAGE, "cannot read " + p);
            }
        }
        if ((cert == null) != (key == null)) {
            throw new CliException(ExitCodes.USAGE, "--cert and --key go together");
        }
        if (user == null && passwordFile != null) {
            throw new CliException(ExitCodes.USAGE, "--password-file needs --user");
        }
        Optional<EtcdConnection.Tls> tls = cacert != null || cert != null
                ? Optional.of(new EtcdConnection.Tls(Optional.ofNullable(cacert), Optional.ofNullable(cert),
                Optional.ofNullable(key))) : Optional.empty();
        return new EtcdConnection(list, prefix == null ? KeyLayout.DEFAULT_PREFIX : prefix, tls, Optional.ofNullable(user), Optional.ofNullable(passwordFile),
                user != null && passwordFile == null ? Optional.of(EtcdConnection.ENV_PASSWORD) : Optional.empty());
    }

    public Client client(EtcdConnection c) {
        try {
            return EtcdClients.connect(c);
        } catch (EtcdClients.SettingsException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
