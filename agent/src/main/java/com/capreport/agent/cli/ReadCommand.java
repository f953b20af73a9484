package com.capreport.agent.cli;

import com.capreport.agent.etcd.EstateReader;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.model.Estate;
import io.etcd.jetcd.Client;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shared by commands that read the estate from etcd once. */
abstract class ReadCommand {
    @Mixin
    EtcdOptions etcd;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "how long to wait for etcd (default: 5s)")
    String timeout = "5s";

    Estate readEstate() throws InterruptedException {
        EtcdConnection c = etcd.connection();
        Duration t;
        try {
            t = com.capreport.model.Durations.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--timeout: " + e.getMessage());
        }
        if (t.isZero()) {
            throw new CliException(ExitCodes.USAGE, "--timeout: must be more than 0, e.g. 5s");
        }
        try (Client client = etcd.client(c)) {
            return EstateReader.read(client, c.layout(), t);
        } catch (EtcdUnavailableException e) {
            if (com.capreport.agent.etcd.EtcdClients.isRefusal(e.getMessage())) {
                throw new CliException(ExitCodes.UNREACHABLE, "etcd at " + String.join(",", c.endpoints())
                        + ": " + e.getMessage());
            }
            boolean reachability = e.getMessage().contains("did not answer") || e.getMessage().contains("UNAVAILABLE")
                    || e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection");
            throw new CliException(ExitCodes.UNREACHABLE, (reachability ? "cannot reach etcd at " : "etcd at ")
                    + String.join(",", c.endpoints()) + ": " + e.getMessage()
                    + (reachability ? " (is it running? check --etcd and, for TLS, --cacert)" : ""));
        }
    }
}
