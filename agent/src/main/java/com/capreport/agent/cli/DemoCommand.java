package com.capreport.agent.cli;

import com.capreport.agent.Agent;
import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.etcd.EstateReader;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.model.Estate;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capreport demo}: a private etcd and an agent reporting this machine's real file systems
 * plus simulated backends; prints what etcd holds at every refresh. (The dashboard takes this
 * command over once it lands.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts a private etcd on loopback and an agent on demo backends (real file systems + "
            + "simulated LVM-like and Ceph-like estates, one flaky), and prints what it reports."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", paramLabel = "DURATION", description = "stop after this long (default: run until Ctrl-C)")
    String duration;

    @Option(names = "--refresh", paramLabel = "DURATION", description = "how often to print (default: 5s)")
    String refresh = "5s";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the shutdown hook closes the resources early on Ctrl-C; close() is idempotent
    public Integer call() throws Exception {
        Duration every = parse(refresh, "--refresh");
        Instant until = duration == null ? Instant.MAX : Instant.now().plus(parse(duration, "--duration"));
        PrintWriter out = spec.commandLine().getOut();
        if (ManagedEtcd.findBinary().isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "etcd is not installed; " + ManagedEtcd.INSTALL_HINT);
        }
        ManagedEtcd started;
        try {
            started = ManagedEtcd.start();
        } catch (IOException e) {
            throw new CliException(ExitCodes.PROBLEM, "cannot start the demo's etcd: " + e.getMessage());
        }
        try (ManagedEtcd etcd = started) {
            Path cfgFile = Files.createTempFile("capreport-demo-", ".yaml");
            try {
                Files.writeString(cfgFile, com.capreport.agent.DemoConfig.yaml(etcd.endpoint()));
                AgentConfig cfg = new ConfigLoader(DriverRegistry.builtIn()).load(cfgFile);
                try (Agent agent = Agent.start(cfg); Client client = EtcdClients.connect(cfg.etcd())) {
                    Thread hook = new Thread(() -> {
                        agent.close();
                        etcd.close();
                        try {
                            Files.deleteIfExists(cfgFile);
                        } catch (IOException ignored) {
                            // a temp file; nothing else to do at exit
                        }
                    }, "demo-shutdown");
                    Runtime.getRuntime().addShutdownHook(hook);
                    out.printf("demo: etcd %s (data %s), dock %s, gRPC %s, config %s%n", etcd.endpoint(), etcd.dataDir(),
                            cfg.dock().id(), agent.grpcEndpoint(), cfgFile);
                    out.printf("demo: try  ./capreport pools --etcd %s   and   ./capreport docks --etcd %s%n",
                            etcd.endpoint(), etcd.endpoint());
                    out.println("demo: Ctrl-C stops the agent and etcd; backends marked -sim are simulated.");
                    try {
                        com.capreport.agent.DemoProfiles.apply(new com.capreport.agent.profiles.ProfileStore(client,
                                cfg.etcd().layout(), Duration.ofSeconds(5)));
                        out.println("demo: example profiles (descriptions start \"" + com.capreport.agent.DemoProfiles.MARK
                                + "\"): try  ./capreport match --etcd " + etcd.endpoint());
                    } catch (EtcdUnavailableException ex) {
                        out.println("demo: could not write the example profiles: " + ex.getMessage());
                    }
                    out.flush();
                    agent.discoverNow(java.util.Optional.empty()).get(30, TimeUnit.SECONDS);
                    while (Instant.now().isBefore(until)) {
                        print(out, client, cfg);
                        long sleep = Math.min(every.toMillis(), Math.max(0, Duration.between(Instant.now(), until).toMillis()));
                        if (sleep == 0) {
                            break;
                        }
                        TimeUnit.MILLISECONDS.sleep(sleep);
                    }
                    print(out, client, cfg);
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (Agent.StartException e) {
                    throw new CliException(switch (e.kind()) {
                        case CONFIG, DOCK_HELD -> ExitCodes.USAGE;
                        case ETCD -> ExitCodes.UNREACHABLE;
                    }, e.getMessage());
                }
            } finally {
                Files.deleteIfExists(cfgFile);
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.PROBLEM, "demo: " + e.getMessage());
        }
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, Client client, AgentConfig cfg) throws InterruptedException {
        try {
            Estate e = EstateReader.read(client, cfg.etcd().layout(), Duration.ofSeconds(5));
            Instant now = Instant.now();
            out.printf("%n== %s, etcd revision %d ==%n", now, e.revision());
            out.print(EstateRendering.docksTable(e, now));
            out.println();
            out.print(EstateRendering.poolsTable(e, now));
            out.flush();
        } catch (EtcdUnavailableException ex) {
            out.println("demo: etcd not answering: " + ex.getMessage());
        }
    }

    private static Duration parse(String text, String option) {
        return DurationOption.parse(text, option, Duration.ofMillis(100), Duration.ofDays(365));
    }
}
