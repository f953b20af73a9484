package com.capreport.agent.cli;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.EtcdUnavailableException;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shared by commands that talk to etcd: the connection options, the timeout, and how failures read. */
abstract class EtcdCommand {
    @Mixin
    EtcdOptions etcd;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "how long to wait for etcd (default: 5s)")
    String timeout = "5s";

    /** What a command does with a connected client; etcd failures become exit code 3. */
    @FunctionalInterface
    interface EtcdWork<T> {
        T run(Client client, EtcdConnection connection, Duration timeout)
                throws EtcdUnavailableException, InterruptedException;
    }

    /** --timeout: from 1 ms (a test of a slow etcd) to an hour (beyond that, a typo). */
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    Duration timeout() {
        return DurationOption.parse(timeout, "--timeout", Duration.ofMillis(1), MAX_TIMEOUT);
    }

    <T> T withEtcd(EtcdWork<T> work) throws InterruptedException {
        EtcdConnection c = etcd.connection();
        Duration t = timeout();
        try (Client client = etcd.client(c)) {
            return work.run(client, c, t);
        } catch (EtcdUnavailableException e) {
            boolean reachability = e.failure().outage();
            throw new CliException(ExitCodes.UNREACHABLE, (reachability ? "cannot reach etcd at " : "etcd at ")
                    + String.join(",", c.endpoints()) + ": " + e.getMessage()
                    + (reachability ? " (is it running? check --etcd and, for TLS, --cacert)" : ""));
        }
    }
}
