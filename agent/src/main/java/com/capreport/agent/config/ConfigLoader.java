package com.capreport.agent.config;

import com.capreport.agent.driver.DriverFactory;
import com.capreport.agent.driver.DriverRegistry;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.model.KeyLayout;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and validates an agent config file (YAML or JSON). */
public final class ConfigLoader {
    static final Set<String> TOP = Set.of("dock", "etcd", "discovery", "backends");
    static final Set<String> DOCK = Set.of("id", "name", "availabilityZone", "grpc");
    static final Set<String> GRPC = Set.of("listen", "cert", "key", "clientCa");
    static final Set<String> ETCD = Set.of("endpoints", "prefix", "cacert", "cert", "key", "user", "passwordFile",
            "passwordEnv");
    static final Set<String> DISCOVERY = Set.of("interval", "timeout", "leaseTtl", "retention", "capacityThreshold",
            "proofPeriod");
    static final Set<String> BACKEND_COMMON = Set.of("name", "driver", "interval", "timeout", "extras", "poolExtras");

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    /**
     * How often the agent rewrites its proof of life: 1,000 docks make 3.3 writes/s in total (under
     * the 5/s budget of issue 14); readers call a dock unverified after two periods (10 min).
     */
    public static final Duration DEFAULT_PROOF_PERIOD = Duration.ofMinutes(5);
    public static final Duration MIN_PROOF_PERIOD = Duration.ofSeconds(1);
    public static final Duration MAX_PROOF_PERIOD = Duration.ofHours(1);
    public static final String DEFAULT_GRPC = "127.0.0.1:0";

    /*
     * Sane bounds (docs/agent.md): beyond them a value is a typo, and some would overflow the
     * scheduler's milliseconds or etcd's lease TTL long before anyone noticed.
     */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_INTERVAL = Duration.ofDays(7);
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    public static final Duration MIN_LEASE_TTL = Duration.ofSeconds(2);
    public static final Duration MAX_LEASE_TTL = Duration.ofHours(1);
    public static final Duration MIN_RETENTION = Duration.ofSeconds(1);
    public static final Duration MAX_RETENTION = Duration.ofDays(365);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final DriverRegistry drivers;

    public ConfigLoader(DriverRegistry drivers) {
        this.drivers = drivers;
    }

    public AgentConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public AgentConfig parse(String fileName, String text) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ConfigException(fileName + ": not valid YAML" + where + ": "
                    + e.getOriginalMessage().replaceAll("\\s+", " "));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(fileName + ": the file is empty (it needs at least dock.id and backends)");
        }
        ConfigNode top = new ConfigNode(fileName, "", root).requireObject(TOP);

        ConfigNode dockNode = top.child("dock").requireObject(DOCK);
        if (dockNode.isMissing()) {
            throw dockNode.error("required (e.g. dock: { id: node-1 })");
        }
        String dockId = dockNode.requiredString("id", "node-1");
        if (!KeyLayout.isValidSegment(dockId)) {
            throw dockNode.child("id").error("'" + dockId + "' cannot be a key segment (" + KeyLayout.SEGMENT_RULE + ")");
        }
        // An unquoted off is the YAML boolean false.
        Optional<com.capreport.agent.grpc.GrpcTls.Server> grpcTls = Optional.empty();
        String grpc;
        ConfigNode grpcNode = dockNode.child("grpc");
        if (grpcNode.raw().filter(JsonNode::isObject).isPresent()) {
            grpcNode.requireObject(GRPC);
            grpc = grpcNode.string("listen", DEFAULT_GRPC).trim();
            checkListen(grpc, grpcNode.child("listen"));
            grpcTls = Optional.of(grpcTls(grpcNode));
        } else {
            grpc = dockNode.isBoolean("grpc") && !dockNode.bool("grpc", true) ? "off"
                    : dockNode.string("grpc", DEFAULT_GRPC).trim();
            if (!grpc.equals("off")) {
                checkListen(grpc, grpcNode);
            }
        }
        AgentConfig.Dock dock = new AgentConfig.Dock(dockId, dockNode.string("name", dockId),
                dockNode.string("availabilityZone", "default"), grpc.equals("off") ? "" : grpc, grpcTls);

        EtcdConnection etcd = etcd(top.child("etcd").requireObject(ETCD));

        ConfigNode disc = top.child("discovery").requireObject(DISCOVERY);
        Duration interval = disc.duration("interval", DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
        Duration timeout = disc.duration("timeout", DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
        Duration leaseTtl = disc.duration("leaseTtl", DEFAULT_LEASE_TTL);
        if (leaseTtl.compareTo(MIN_LEASE_TTL) < 0 || leaseTtl.toMillis() % 1000 != 0) {
            throw disc.child("leaseTtl").error("must be whole seconds, at least 2s (etcd leases count in seconds), found '"
                    + disc.string("leaseTtl", "") + "'");
        }
        leaseTtl = disc.duration("leaseTtl", DEFAULT_LEASE_TTL, MIN_LEASE_TTL, MAX_LEASE_TTL);
        // Unset: the default, or leaseTtl/3 for a TTL above 15 min (the heartbeat writes it, it cannot be more often).
        Duration defaultProof = leaseTtl.dividedBy(3).compareTo(DEFAULT_PROOF_PERIOD) > 0 ? leaseTtl.dividedBy(3)
                : DEFAULT_PROOF_PERIOD;
        Duration proofPeriod = disc.duration("proofPeriod", defaultProof, MIN_PROOF_PERIOD, MAX_PROOF_PERIOD);
        if (disc.has("proofPeriod") && proofPeriod.multipliedBy(3).compareTo(leaseTtl) < 0) {
            // The proof is written from the heartbeat, which beats every leaseTtl/3: it cannot be more often.
            throw disc.child("proofPeriod").error("must be at least leaseTtl/3 (" + com.capreport.model.Durations.format(
                    leaseTtl.dividedBy(3)) + ", the heartbeat that writes it), found '" + disc.string("proofPeriod", "") + "'");
        }
        AgentConfig.Discovery discovery = new AgentConfig.Discovery(interval, timeout, leaseTtl,
                disc.duration("retention", DEFAULT_RETENTION, MIN_RETENTION, MAX_RETENTION),
                disc.doubleValue("capacityThreshold", 0, 0, 0.5), proofPeriod);

        List<ConfigNode> backendNodes = top.list("backends");
        if (backendNodes.isEmpty()) {
            throw top.child("backends").error("at least one backend is needed (drivers: "
                    + String.join(", ", drivers.names()) + ")");
        }
        List<AgentConfig.Backend> backends = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode b : backendNodes) {
            backends.add(backend(b, names, discovery));
        }
        for (AgentConfig.Backend b : backends) {
            if (b.timeout().compareTo(leaseTtl) >= 0) {
                org.slf4j.LoggerFactory.getLogger(ConfigLoader.class).info(
                        "{}: backend {}: timeout {} ≥ leaseTtl {}: a call that hangs longer than {} shows as a dead "
                                + "report thread until the timeout cuts it (then as error)", fileName, b.name(),
                        com.capreport.model.Durations.format(b.timeout()), com.capreport.model.Durations.format(leaseTtl),
                        com.capreport.model.Durations.format(leaseTtl));
            }
        }
        return new AgentConfig(fileName, dock, etcd, discovery, backends);
    }

    private AgentConfig.Backend backend(ConfigNode b, Set<String> seen, AgentConfig.Discovery discovery)
            throws ConfigException {
        if (b.raw().isEmpty() || !b.raw().get().isObject()) {
            throw b.error("expected a mapping with at least name and driver");
        }
        String driverName = b.requiredString("driver", String.join(" | ", drivers.names()));
        Optional<DriverFactory> factory = drivers.find(driverName);
        if (factory.isEmpty()) {
            throw b.child("driver").error("unknown driver '" + driverName + "' (allowed: "
                    + String.join(", ", drivers.names()) + ")");
        }
        Set<String> allowed = new HashSet<>(BACKEND_COMMON);
        allowed.addAll(factory.get().optionKeys());
        b.requireObject(allowed);
        String name = b.requiredString("name", "lvm-1");
        if (!KeyLayout.isValidSegment(name)) {
            throw b.child("name").error("'" + name + "' cannot be a key segment (" + KeyLayout.SEGMENT_RULE + ")");
        }
        if (!seen.add(name)) {
            throw b.child("name").error("backend name '" + name + "' is used twice; names must be unique in a dock");
        }
        Map<String, Map<String, Object>> poolExtras = new LinkedHashMap<>();
        ConfigNode pe = b.child("poolExtras");
        for (Map.Entry<String, Object> e : b.tree("poolExtras").entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?>)) {
                throw pe.child(e.getKey()).error("expected a capability mapping for pool '" + e.getKey() + "'");
            }
            poolExtras.put(e.getKey(), pe.tree(e.getKey()));
        }
        return new AgentConfig.Backend(name, driverName,
                b.duration("interval", discovery.interval(), MIN_INTERVAL, MAX_INTERVAL),
                b.duration("timeout", discovery.timeout(), MIN_TIMEOUT, MAX_TIMEOUT), b.tree("extras"), poolExtras, b);
    }

    private static EtcdConnection etcd(ConfigNode n) throws ConfigException {
        List<String> endpoints = n.stringList("endpoints");
        if (endpoints.isEmpty()) {
            String env = System.getenv(EtcdConnection.ENV_ENDPOINTS);
            endpoints = env == null || env.isBlank() ? List.of(EtcdConnection.DEFAULT_ENDPOINT)
                    : List.of(env.split(","));
        }
        for (String ep : endpoints) {
            checkEndpoint(ep, n.child("endpoints"));
        }
        String prefix = n.string("prefix", KeyLayout.DEFAULT_PREFIX);
        java.util.Optional<String> badPrefix = KeyLayout.prefixProblem(prefix);
        if (badPrefix.isPresent()) {
            throw n.child("prefix").error(badPrefix.get());
        }
        Optional<Path> cacert = path(n, "cacert");
        Optional<Path> cert = path(n, "cert");
        Optional<Path> key = path(n, "key");
        if (cert.isPresent() != key.isPresent()) {
            throw n.child(cert.isPresent() ? "key" : "cert").error("cert and key go together: set both or neither");
        }
        Optional<EtcdConnection.Tls> tls = cacert.isPresent() || cert.isPresent()
                ? Optional.of(new EtcdConnection.Tls(cacert, cert, key)) : Optional.empty();
        Optional<String> user = Optional.ofNullable(n.string("user", null)).filter(s -> !s.isBlank());
        Optional<Path> passwordFile = path(n, "passwordFile");
        Optional<String> passwordEnv = Optional.ofNullable(n.string("passwordEnv", null)).filter(s -> !s.isBlank());
        if (user.isEmpty() && (passwordFile.isPresent() || passwordEnv.isPresent())) {
            throw n.child("user").error("a password is configured but no user");
        }
        if (user.isPresent() && passwordFile.isEmpty() && passwordEnv.isEmpty()) {
            passwordEnv = Optional.of(EtcdConnection.ENV_PASSWORD);
        }
        return new EtcdConnection(endpoints, prefix, tls, user, passwordFile, passwordEnv);
    }

    /** The keys of a gRPC client's TLS in a config (a saved connection's {@code grpc:}): the --grpc-* options. */
    public static final Set<String> GRPC_CLIENT = Set.of("cacert", "cert", "key");

    /**
     * A gRPC client's TLS from a mapping {@code { cacert, cert, key }} (the config equivalent of
     * --grpc-cacert, --grpc-cert, --grpc-key, for saved connections); empty (plain text) when the
     * node is missing or names no file. Checked like the options: readable PEM, key in PKCS#8 and
     * of that certificate, cert and key together.
     */
    public static Optional<com.capreport.agent.grpc.GrpcTls.Client> grpcClient(ConfigNode n) throws ConfigException {
        n.requireObject(GRPC_CLIENT);
        if (n.isMissing()) {
            return Optional.empty();
        }
        java.util.function.Function<String, Path> file = k -> {
            try {
                String v = n.string(k, null);
                return v == null || v.isBlank() ? null : Path.of(v);
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        };
        Optional<com.capreport.agent.grpc.GrpcTls.Client> tls;
        try {
            tls = com.capreport.agent.grpc.GrpcTls.Client.of(file.apply("cacert"), file.apply("cert"), file.apply("key"));
        } catch (IllegalArgumentException e) {
            throw (ConfigException) e.getCause();
        }
        Optional<String> problem = tls.flatMap(t -> t.problem("cert", "key", "cacert"));
        if (problem.isPresent()) {
            String p = problem.get();
            int colon = p.indexOf(": ");
            String key = p.substring(0, colon);
            throw GRPC_CLIENT.contains(key) ? n.child(key).error(p.substring(colon + 2)) : n.error(p);
        }
        return tls;
    }

    private static void checkListen(String grpc, ConfigNode where) throws ConfigException {
        if (!grpc.matches("[^\\s:]+:\\d{1,5}") || Integer.parseInt(grpc.substring(grpc.lastIndexOf(':') + 1)) > 65535) {
            throw where.error("'" + grpc + "' is not host:port (port 0-65535) or off (e.g. 127.0.0.1:50051)");
        }
    }

    /** dock.grpc as a mapping: TLS, so cert and key are required; clientCa turns on mutual TLS. */
    private static com.capreport.agent.grpc.GrpcTls.Server grpcTls(ConfigNode n) throws ConfigException {
        String cert = n.string("cert", null);
        String key = n.string("key", null);
        if (cert == null || cert.isBlank() || key == null || key.isBlank()) {
            throw n.child(cert == null || cert.isBlank() ? "cert" : "key").error("required with TLS: cert and key (PEM, "
                    + "key in PKCS#8) go together; for plain text write grpc: \"HOST:PORT\"");
        }
        Optional<String> problem = com.capreport.agent.grpc.GrpcTls.certProblem(Path.of(cert), "cert")
                .or(() -> com.capreport.agent.grpc.GrpcTls.keyProblem(Path.of(key), "key"))
                .or(() -> com.capreport.agent.grpc.GrpcTls.pairProblem(Path.of(cert), Path.of(key), "key"));
        String ca = n.string("clientCa", null);
        if (problem.isEmpty() && ca != null && !ca.isBlank()) {
            problem = com.capreport.agent.grpc.GrpcTls.certProblem(Path.of(ca), "clientCa");
        }
        if (problem.isPresent()) {
            String p = problem.get();
            int colon = p.indexOf(": ");
            throw n.child(p.substring(0, colon)).error(p.substring(colon + 2));
        }
        return new com.capreport.agent.grpc.GrpcTls.Server(Path.of(cert), Path.of(key),
                ca == null || ca.isBlank() ? Optional.empty() : Optional.of(Path.of(ca)));
    }

    private static Optional<Path> path(ConfigNode n, String key) throws ConfigException {
        String v = n.string(key, null);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(v);
        if (!Files.isReadable(p)) {
            throw n.child(key).error("cannot read file '" + v + "'");
        }
        return Optional.of(p);
    }

    /** http(s)://host:port, as etcd advertises its client URLs. */
    public static void checkEndpoint(String ep, ConfigNode where) throws ConfigException {
        try {
            URI u = new URI(ep.trim());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || u.getPort() <= 0) {
                throw where.error("'" + ep + "' is not an etcd endpoint (http://host:port or https://host:port)");
            }
            if (u.getPort() > 65535) {
                throw where.error("'" + ep + "': port " + u.getPort() + " is out of range (1-65535)");
            }
        } catch (URISyntaxException e) {
            throw where.error("'" + ep + "' is not an etcd endpoint (http://host:port or https://host:port)");
        }
    }
}
