package com.capreport.agent;

import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigException;
import com.capreport.agent.discovery.CycleResult;
import com.capreport.agent.discovery.DiscoveryLoop;
import com.capreport.agent.driver.DriverContext;
import com.capreport.agent.driver.DriverFactory;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.driver.StorageDriver;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.exec.CommandRunner;
import com.capreport.agent.grpc.DockGrpcServer;
import com.capreport.agent.report.DockHeldException;
import com.capreport.agent.report.DockSession;
import com.capreport.model.BackendRef;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dock: drivers created from config, the dock claimed in etcd, one discovery loop per
 * backend, and (unless disabled) the gRPC DockService. {@link #close()} is the graceful stop:
 * loops end, the stop is recorded on the DockSpec and the leases are revoked.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    /** Why the agent could not start; the message is one line for the user. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Kind kind;

        /** What kind of problem: decides the CLI exit code. */
        public enum Kind { CONFIG, DOCK_HELD, ETCD }

        public StartException(Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final AgentConfig config;
    private final Client client;
    private final boolean ownsClient;
    private final DockSession session;
    private final List<DiscoveryLoop> loops;
    private final DockGrpcServer grpc;
    private final CountDownLatch fenced = new CountDownLatch(1);
    private volatile String fencedReason;
    private volatile boolean closed;

    private Agent(AgentConfig config, Client client, boolean ownsClient, DockSession session, List<DiscoveryLoop> loops,
                  DockGrpcServer grpc) {
        this.config = config;
        this.client = client;
        this.ownsClient = ownsClient;
        this.session = session;
        this.loops = loops;
        this.grpc = grpc;
    }

    public static Agent start(AgentConfig config) throws StartException, InterruptedException {
        return start(config, DriverRegistry.builtIn(), Clock.systemUTC());
    }

    public static Agent start(AgentConfig config, DriverRegistry registry, Clock clock)
            throws StartException, InterruptedException {
        return start(config, registry, clock, null);
    }

    /**
     * Starts with an etcd client owned by the caller ({@code shared}; null = connect from the config
     * and own it). Many docks in one process (the load benchmark) share one client; each dock keeps
     * its own process lease and each loop its own lease. A shared client is never closed here.
     */
    public static Agent start(AgentConfig config, DriverRegistry registry, Clock clock, Client shared)
            throws StartException, InterruptedException {
        Map<AgentConfig.Backend, StorageDriver> drivers = new LinkedHashMap<>();
        CommandRunner runner = new CommandRunner();
        try {
            for (AgentConfig.Backend b : config.backends()) {
                DriverFactory f = registry.find(b.driver()).orElseThrow(() -> new ConfigException(
                        config.source() + ": backends." + b.name() + ".driver: unknown driver '" + b.driver() + "'"));
                drivers.put(b, f.create(new DriverContext(b.name(), b.options(), runner, clock)));
            }
        } catch (ConfigException e) {
            drivers.values().forEach(StorageDriver::close);
            throw new StartException(StartException.Kind.CONFIG, e.getMessage(), e);
        }

        Client client;
        boolean owns = shared == null;
        try {
            client = owns ? EtcdClients.connect(config.etcd()) : shared;
        } catch (EtcdClients.SettingsException e) {
            drivers.values().forEach(StorageDriver::close);
            throw new StartException(StartException.Kind.CONFIG, e.getMessage(), e);
        }
        DockGrpcServer grpc = null;
        DockSession session = null;
        Holder holder = new Holder();
        try {
            String host = hostName();
            Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (!config.dock().grpc().isEmpty()) {
                grpc = DockGrpcServer.start(config.dock().grpc(), config.dock().grpcTls(), holder);
            }
            String endpoint = grpc == null ? "" : grpc.endpoint();
            // The lease TTL goes with the holder: readers show "lease renewed ≤ TTL ago" and wait one TTL
            // before calling a vanished loop key a dead thread (the process lease may expire later).
            DockAlive alive = new DockAlive(host, ProcessHandle.current().pid(), startedAt, Version.get(), endpoint,
                    machineId(), config.discovery().leaseTtl(), config.discovery().proofPeriod());
            DockSpec spec = new DockSpec(config.dock().id(), config.dock().name(), host, endpoint,
                    config.dock().availabilityZone(),
                    config.backends().stream().map(b -> new BackendRef(b.name(), b.driver())).toList(),
                    Version.get(), startedAt, null, null, null);
            session = new DockSession(client, config.etcd().layout(), config.dock().id(),
                    config.discovery().leaseTtl(), clock, alive, reason -> holder.onFenced(reason));
            session.start(spec);
            markOrphans(session, config, clock);
            List<DiscoveryLoop> loops = new ArrayList<>();
            for (Map.Entry<AgentConfig.Backend, StorageDriver> e : drivers.entrySet()) {
                loops.add(new DiscoveryLoop(config.dock().id(), config.dock().availabilityZone(), e.getKey(),
                        config.discovery(), e.getValue(), session, clock));
            }
            Agent agent = new Agent(config, client, owns, session, List.copyOf(loops), grpc);
            holder.agent = agent;
            if (holder.earlyFence != null) {
                holder.onFenced(holder.earlyFence);
            }
            loops.forEach(DiscoveryLoop::start);
            LOG.info("dock {} started: {} backend(s) [{}], etcd {}, gRPC {}", config.dock().id(), loops.size(),
                    loops.stream().map(DiscoveryLoop::backendName).collect(Collectors.joining(", ")), config.etcd(),
                    endpoint.isEmpty() ? "off" : endpoint + config.dock().grpcTls().map(t -> t.mutual() ? " (mutual TLS)"
                            : " (TLS)").orElse(""));
            return agent;
        } catch (DockHeldException e) {
            cleanup(drivers, owns ? client : null, grpc, session);
            throw new StartException(StartException.Kind.DOCK_HELD, e.getMessage(), e);
        } catch (EtcdUnavailableException e) {
            cleanup(drivers, owns ? client : null, grpc, session);
            throw new StartException(StartException.Kind.ETCD, (e.failure().outage() ? "cannot reach etcd at " : "etcd at ")
                    + String.join(",", config.etcd().endpoints()) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            cleanup(drivers, owns ? client : null, grpc, session);
            throw new StartException(StartException.Kind.CONFIG, config.source() + ": dock.grpc: cannot listen on "
                    + config.dock().grpc() + ": " + EtcdClients.oneLine(e), e);
        }
    }

    /** Lets the gRPC service and the session callback find the agent once it exists. */
    public static final class Holder {
        private volatile Agent agent;
        private volatile String earlyFence;

        public Optional<Agent> agent() {
            return Optional.ofNullable(agent);
        }

        void onFenced(String reason) {
            Agent a = agent;
            if (a == null) {
                earlyFence = reason;
            } else {
                a.fencedReason = reason;
                a.fenced.countDown();
            }
        }
    }

    private static void cleanup(Map<AgentConfig.Backend, StorageDriver> drivers, Client client, DockGrpcServer grpc,
                                DockSession session) {
        if (session != null) {
            session.close(true);
        }
        if (grpc != null) {
            grpc.close();
        }
        drivers.values().forEach(StorageDriver::close);
        if (client != null) {
            client.close();
        }
    }

    /**
     * Pools of this dock whose backend is no longer configured: nobody will report them again, so
     * they turn {@code unavailable} now (and are deleted once past the retention) instead of looking
     * available forever.
     */
    private static void markOrphans(DockSession session, AgentConfig config, Clock clock)
            throws EtcdUnavailableException, InterruptedException {
        Set<String> configured = config.backends().stream().map(AgentConfig.Backend::name).collect(Collectors.toSet());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, PoolSpec> e : session.readPools(null).entrySet()) {
            PoolSpec p = e.getValue();
            if (configured.contains(p.backend())) {
                continue;
            }
            ByteSequence key = EtcdClients.bytes(session.layout().pool(config.dock().id(), e.getKey()));
            if (p.status() != PoolStatus.UNAVAILABLE) {
                ops.add(Op.put(key, ByteSequence.from(com.capreport.model.Json.encode(p.withStatus(PoolStatus.UNAVAILABLE,
                        now))), PutOption.DEFAULT));
            } else if (p.updatedAt() != null && p.updatedAt().plus(config.discovery().retention()).isBefore(now)) {
                ops.add(Op.delete(key, DeleteOption.DEFAULT));
            }
        }
        if (!ops.isEmpty()) {
            LOG.info("dock {}: {} pool(s) of backends no longer configured turn unavailable or are deleted",
                    config.dock().id(), ops.size());
            for (int i = 0; i < ops.size(); i += 100) {
                session.commit("orphaned pools", ops.subList(i, Math.min(ops.size(), i + 100)));
            }
        }
    }

    /** /etc/machine-id, else this boot's id: what tells this machine from another with the same name. */
    static String machineId() {
        for (String f : new String[] {"/etc/machine-id", "/var/lib/dbus/machine-id", "/proc/sys/kernel/random/boot_id"}) {
            try {
                String id = java.nio.file.Files.readString(java.nio.file.Path.of(f)).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            } catch (IOException | RuntimeException e) {
                // try the next source
            }
        }
        return "";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }

    public AgentConfig config() {
        return config;
    }

    public DockSession session() {
        return session;
    }

    public List<DiscoveryLoop> loops() {
        return loops;
    }

    public Optional<DiscoveryLoop> loop(String backend) {
        return loops.stream().filter(l -> l.backendName().equals(backend)).findFirst();
    }

    /** The gRPC endpoint ("127.0.0.1:40123"), empty when gRPC is off. */
    public String grpcEndpoint() {
        return grpc == null ? "" : grpc.endpoint();
    }

    /** Runs a cycle now on one backend (or all, when empty). */
    public CompletableFuture<List<CycleResult>> discoverNow(Optional<String> backend) {
        List<CompletableFuture<CycleResult>> fs = loops.stream()
                .filter(l -> backend.isEmpty() || backend.get().equals(l.backendName()))
                .map(DiscoveryLoop::discoverNow).toList();
        return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new))
                .thenApply(v -> fs.stream().map(CompletableFuture::join).toList());
    }

    /** Blocks until another agent took this dock over; returns the reason. */
    public String awaitFenced() throws InterruptedException {
        fenced.await();
        return fencedReason;
    }

    public boolean isFenced() {
        return fenced.getCount() == 0;
    }

    /** Graceful stop: loops end, the stop is recorded, the leases are revoked. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("dock {}: stopping", config.dock().id());
        // Threads first, then the stop is recorded, then the keys go: no moment looks like a death.
        loops.forEach(l -> l.close(false));
        session.close(true);
        loops.forEach(DiscoveryLoop::revokeLease);
        if (grpc != null) {
            grpc.close();
        }
        if (ownsClient) {
            client.close();
        }
    }

    /**
     * Abrupt stop for tests and the demo's crash simulation: threads end, nothing is revoked or
     * recorded, so the dock looks exactly like a process that died.
     */
    public synchronized void crash() {
        if (closed) {
            return;
        }
        closed = true;
        loops.forEach(l -> l.close(false));
        session.close(false);
        if (grpc != null) {
            grpc.close();
        }
        if (ownsClient) {
            client.close();
        }
    }
}
