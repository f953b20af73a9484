package com.capreport.dashboard;

import com.capreport.agent.Agent;
import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.etcd.EtcdConnection;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.application.Application;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The dashboard's main class. It does not extend {@code Application} (so the shaded jar starts on
 * the class path), parses the options, refuses politely without a display, switches JavaFX to
 * Monocle for {@code --screenshot}, starts any embedded agent, and only then launches JavaFX.
 */
@Command(name = "capreport dashboard", mixinStandardHelpOptions = true,
        description = "The Capabilities Report admin dashboard (JavaFX).")
public final class Launcher implements Callable<Integer> {
    /** --etcd, --prefix, TLS (--cacert/--cert/--key) and auth (--user/--password-file): the CLI's own options. */
    @picocli.CommandLine.Mixin
    com.capreport.agent.cli.EtcdOptions etcdOptions = new com.capreport.agent.cli.EtcdOptions();

    /** --grpc-cacert, --grpc-cert, --grpc-key: TLS / mutual TLS to the agents' DockService ("Discover now"). */
    @picocli.CommandLine.Mixin
    com.capreport.agent.cli.GrpcOptions grpcOptions = new com.capreport.agent.cli.GrpcOptions();

    @Option(names = "--agent-config", paramLabel = "FILE", description = "run an agent in-process from this config")
    Path agentConfig;

    @Option(names = "--screenshot", paramLabel = "FILE", description = "render a view to a PNG headless and exit")
    Path screenshot;

    @Option(names = "--view", paramLabel = "VIEW", description = "view to show first or render: attention, pools, "
            + "docks, profiles, gaps, events, invalid, snapshots (default: attention)")
    String view = "attention";

    @Option(names = "--snapshot", paramLabel = "FILE", description = "open this snapshot file read-only at start "
            + "(the views show it, marked, until Back to live)")
    Path snapshot;

    @Option(names = "--demo", description = "start a private etcd and an embedded agent on demo backends "
            + "(this machine's file systems + simulated LVM-like, Ceph-like and flaky estates)")
    boolean demo;

    @Option(names = "--width", paramLabel = "W", description = "window or image width (default: 1600)")
    int width = 1600;

    @Option(names = "--height", paramLabel = "H", description = "window or image height (default: 860)")
    int height = 860;

    /** What JavaFX's glass needs on Debian to open a window (the ./capreport launcher installs the same). */
    static final String GTK_PACKAGES = "libgtk-3-0";

    private Launcher() {
    }

    public static void main(String[] args) {
        // As the CLI: our INFO lines (the dashboard's figures), the network libraries' retries kept off
        // stderr, so "cannot reach etcd" stays one line.
        com.capreport.agent.cli.Main.configureLogging("dashboard");
        CommandLine cl = new CommandLine(new Launcher());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("capreport dashboard: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, r) -> {
            // A crash must not read as an answer: the documented internal-error code, one line.
            System.err.println("capreport dashboard: internal error: " + ex
                    + " (please report it; the log has the details)");
            org.slf4j.LoggerFactory.getLogger(Launcher.class).debug("internal error", ex);
            return com.capreport.agent.cli.ExitCodes.INTERNAL;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        DashboardOptions.View v;
        try {
            v = DashboardOptions.View.valueOf(view.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("capreport dashboard: --view " + view + " is not a view (allowed: attention, pools, docks, "
                    + "profiles, gaps, events, invalid, snapshots)");
            return 2;
        }
        if (snapshot != null) {
            // Refused before any window opens: a typo in the file name is a usage error, said in one line.
            Optional<String> problem = com.capreport.dashboard.snapshots.SnapshotsViewModel.problem(snapshot);
            if (problem.isPresent()) {
                System.err.println("capreport dashboard: --snapshot: " + problem.get());
                return 2;
            }
        }
        if (width < 200 || height < 150) {
            System.err.println("capreport dashboard: --width/--height too small (at least 200 x 150)");
            return 2;
        }
        boolean monocle = "Monocle".equalsIgnoreCase(System.getProperty("glass.platform"));
        if (screenshot == null && !monocle && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))) {
            System.err.println(demo
                    ? "capreport demo: no display (DISPLAY is not set); use ./capreport demo --screenshot FILE, "
                            + "./capreport demo --text, or the CLI (capreport pools|docks)"
                    : "capreport dashboard: no display (DISPLAY is not set); use --screenshot FILE or the CLI "
                            + "(capreport pools|docks)");
            return 2;
        }
        com.capreport.agent.etcd.ManagedEtcd demoEtcd = null;
        Path demoConfig = null;
        if (demo) {
            if (agentConfig != null || etcdOptions.anyGiven()) {
                System.err.println("capreport dashboard: --demo runs its own etcd and agent; it takes no --etcd or "
                        + "--agent-config");
                return 2;
            }
            if (com.capreport.agent.etcd.ManagedEtcd.findBinary().isEmpty()) {
                System.err.println("capreport demo: etcd is not installed; " + com.capreport.agent.etcd.ManagedEtcd.INSTALL_HINT);
                return 2;
            }
            try {
                demoEtcd = com.capreport.agent.etcd.ManagedEtcd.start();
                demoConfig = java.nio.file.Files.createTempFile("capreport-demo-", ".yaml");
                java.nio.file.Files.writeString(demoConfig, com.capreport.agent.DemoConfig.yaml(demoEtcd.endpoint()));
            } catch (java.io.IOException e) {
                if (demoEtcd != null) {
                    demoEtcd.close();
                }
                System.err.println("capreport demo: cannot start the demo's etcd: " + e.getMessage());
                return 1;
            }
            agentConfig = demoConfig;
            com.capreport.agent.etcd.ManagedEtcd started = demoEtcd;
            Path cfg = demoConfig;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                try {
                    java.nio.file.Files.deleteIfExists(cfg);
                } catch (java.io.IOException ignored) {
                    // a temp file; nothing else to do at exit
                }
            }, "demo-etcd-stop"));
        }
        Optional<AgentConfig> config = Optional.empty();
        if (agentConfig != null) {
            try {
                config = Optional.of(new ConfigLoader(DriverRegistry.builtIn()).load(agentConfig));
            } catch (ConfigException e) {
                System.err.println("capreport dashboard: " + e.getMessage());
                return 2;
            }
        }
        if (demo && config.isPresent()) {
            try {
                // Before the window opens, so Profiles, Gap matrix and Attention have content on the first frame.
                com.capreport.agent.DemoProfiles.apply(config.get().etcd(), java.time.Duration.ofSeconds(5));
            } catch (com.capreport.agent.etcd.EtcdClients.SettingsException
                     | com.capreport.agent.etcd.EtcdUnavailableException e) {
                System.err.println("capreport demo: could not write the example profiles: " + e.getMessage());
            }
        }
        // The agent config's connection when no option overrides it; otherwise the options (TLS and auth included).
        EtcdConnection connection;
        try {
            connection = config.isPresent() && !etcdOptions.anyGiven() ? config.get().etcd() : etcdOptions.connection();
        } catch (com.capreport.agent.cli.CliException e) {
            System.err.println("capreport dashboard: " + e.getMessage());
            return 2;
        }
        Optional<com.capreport.agent.grpc.GrpcTls.Client> grpcTls;
        try {
            grpcTls = grpcOptions.tls();
        } catch (com.capreport.agent.cli.CliException e) {
            System.err.println("capreport dashboard: " + e.getMessage());
            return 2;
        }
        if (screenshot != null) {
            // Before anything touches JavaFX: the headless glass platform and software rendering.
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            // Monocle's virtual screen must hold the window, or it fails uploading pixels.
            System.setProperty("headless.geometry", Math.max(width, 1280) + "x" + Math.max(height, 800) + "-32");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
            System.setProperty("java.awt.headless", "true");
        }
        Agent agent = null;
        if (config.isPresent()) {
            try {
                agent = Agent.start(config.get());
            } catch (Agent.StartException e) {
                System.err.println("capreport dashboard: embedded agent: " + e.getMessage());
                return e.kind() == Agent.StartException.Kind.ETCD ? 3 : 2;
            }
        }
        DashboardApp.launchOptions = new DashboardOptions(connection, config, Optional.ofNullable(screenshot), v,
                width, height, screenshot == null, Optional.ofNullable(snapshot)).withGrpcTls(grpcTls);
        DashboardApp.launchAgent = agent;
        try {
            Application.launch(DashboardApp.class);
        } catch (RuntimeException e) {
            // A display without GTK (or one that cannot be opened): glass says so with this exception type.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UnsupportedOperationException u) {
                    System.err.println("capreport dashboard: JavaFX cannot use the display " + Optional.ofNullable(
                            System.getenv("DISPLAY")).orElse(String.valueOf(System.getenv("WAYLAND_DISPLAY"))) + " ("
                            + u.getMessage() + "); on Debian: sudo apt-get install -y " + GTK_PACKAGES
                            + ", or use --screenshot FILE");
                    return 2;
                }
            }
            throw e;
        } finally {
            if (agent != null) {
                agent.close();
            }
        }
        return DashboardApp.EXIT_CODE.get();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
