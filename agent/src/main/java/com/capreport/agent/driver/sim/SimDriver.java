package com.capreport.agent.driver.sim;

import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigNode;
import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverContext;
import com.capreport.agent.driver.DriverException;
import com.capreport.agent.driver.DriverFactory;
import com.capreport.agent.driver.StorageDriver;
import com.capreport.model.Capacity;
import com.capreport.model.Extras;
import com.capreport.model.PoolStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A simulated backend. Its pools come from config; every pool carries {@code advanced.sim: true}
 * and a "simulated" description so nobody mistakes it for real storage.
 *
 * <p>Behaviour per listing, in order: the mode set by {@link #setMode} or by the first word of
 * {@code controlFile} ({@code ok}, {@code fail <reason>}, {@code hang}, {@code stuck}); then random
 * failures and hangs at {@code failureRate}/{@code hangRate}; then {@code latency}; then free
 * capacity takes a random-walk step of up to {@code drift} × total.
 *
 * <p>{@code hang} blocks until the caller's timeout interrupts it (a backend that does not answer);
 * {@code stuck} ignores interrupts until the mode changes (a driver that ignores its deadline).
 */
public final class SimDriver implements StorageDriver {

    /** What the next listings do. */
    public enum Mode { OK, FAIL, HANG, STUCK }

    private final String backend;
    private final List<SimPool> pools;
    private final double drift;
    private final double failureRate;
    private final double hangRate;
    private final Duration latency;
    private final Optional<Path> controlFile;
    private final Random random;
    private final long[] free;
    /** Each pool's current capabilities; replaced, never mutated, so earlier listings keep theirs. */
    private final List<Map<String, Object>> extras;
    private volatile Mode mode = Mode.OK;
    private volatile String failReason = "simulated failure";

    /** A configured simulated pool; capacities in bytes; {@code statusReason} goes with a degraded status. */
    public record SimPool(String name, String storageType, long totalBytes, long freeBytes, PoolStatus status,
                          Map<String, Object> extras, String statusReason) {
        public SimPool(String name, String storageType, long totalBytes, long freeBytes, PoolStatus status,
                       Map<String, Object> extras) {
            this(name, storageType, totalBytes, freeBytes, status, extras, "");
        }
    }

    public SimDriver(String backend, List<SimPool> pools, double drift, double failureRate, double hangRate,
                     Duration latency, Optional<Path> controlFile, long seed) {
        this.backend = backend;
        this.pools = List.copyOf(pools);
        this.drift = drift;
        this.failureRate = failureRate;
        this.hangRate = hangRate;
        this.latency = latency;
        this.controlFile = controlFile;
        this.random = new Random(seed);
        this.free = pools.stream().mapToLong(SimPool::freeBytes).toArray();
        this.extras = new ArrayList<>(pools.stream().map(SimPool::extras).toList());
    }

    @Override
    public String driverName() {
        return "sim";
    }

    /** Switches the behaviour of the next listings (tests, demos). */
    public void setMode(Mode newMode, String reason) {
        this.failReason = reason == null || reason.isBlank() ? "simulated failure" : reason;
        this.mode = newMode;
    }

    /** Sets a pool's free capacity (tests): the next listing reports it. */
    public synchronized void setFreeBytes(String poolName, long bytes) {
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i).name().equals(poolName)) {
                free[i] = Math.max(0, Math.min(bytes, pools.get(i).totalBytes()));
                return;
            }
        }
        throw new IllegalArgumentException("no simulated pool " + poolName);
    }

    /**
     * Sets one capability of a pool (tests, the load benchmark), e.g. {@code
     * IOConnectivityLineOfService.MaxIOPS}: the next listing reports it.
     */
    public synchronized void setCapability(String poolName, String dottedPath, Object value) {
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i).name().equals(poolName)) {
                Map<String, Object> copy = mutableCopy(extras.get(i));
                String[] parts = dottedPath.split("\\.");
                Map<String, Object> node = copy;
                for (int k = 0; k < parts.length - 1; k++) {
                    Object child = node.get(parts[k]);
                    if (!(child instanceof LinkedHashMap)) {
                        child = new LinkedHashMap<String, Object>();
                        node.put(parts[k], child);
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> next = (Map<String, Object>) child;
                    node = next;
                }
                node.put(parts[parts.length - 1], value);
                extras.set(i, copy);
                return;
            }
        }
        throw new IllegalArgumentException("no simulated pool " + poolName);
    }

    private static Map<String, Object> mutableCopy(Map<?, ?> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(String.valueOf(k), v instanceof Map<?, ?> m ? mutableCopy(m) : v));
        return copy;
    }

    /** The simulated pools' names, in listing order. */
    public List<String> poolNames() {
        return pools.stream().map(SimPool::name).toList();
    }

    @Override
    public List<DiscoveredPool> listPools(Duration timeout) throws DriverException, InterruptedException {
        Mode m = effectiveMode();
        switch (m) {
            case FAIL -> throw new DriverException(backend + ": " + failReason);
            case HANG -> {
                Thread.sleep(Long.MAX_VALUE);
                throw new AssertionError("unreachable");
            }
            case STUCK -> {
                while (effectiveMode() == Mode.STUCK) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ignored) {
                        // deliberately ignored: this mode simulates a driver that ignores its deadline
                    }
                }
                throw new DriverException(backend + ": simulated stuck call released");
            }
            default -> {
            }
        }
        boolean fail;
        boolean hang;
        synchronized (this) {
            fail = failureRate > 0 && random.nextDouble() < failureRate;
            hang = !fail && hangRate > 0 && random.nextDouble() < hangRate;
        }
        if (fail) {
            throw new DriverException(backend + ": simulated random failure (failureRate " + failureRate + ")");
        }
        if (hang) {
            Thread.sleep(timeout.toMillis() + 60_000);
        }
        if (!latency.isZero()) {
            Thread.sleep(latency.toMillis());
        }
        return snapshot();
    }

    private synchronized List<DiscoveredPool> snapshot() {
        List<DiscoveredPool> out = new ArrayList<>(pools.size());
        for (int i = 0; i < pools.size(); i++) {
            SimPool p = pools.get(i);
            if (drift > 0) {
                long step = (long) ((random.nextDouble() * 2 - 1) * drift * p.totalBytes());
                free[i] = Math.max(0, Math.min(p.totalBytes(), free[i] + step));
            }
            Map<String, Object> current = extras.get(i);
            Map<String, Object> advanced = new LinkedHashMap<>();
            Object configured = current.get("advanced");
            if (configured instanceof Map<?, ?> m) {
                m.forEach((k, v) -> advanced.put(String.valueOf(k), v));
            }
            advanced.put("sim", true);
            Map<String, Object> caps = new LinkedHashMap<>(current);
            caps.put("advanced", advanced);
            out.add(new DiscoveredPool(p.name(), p.name(), p.storageType(), "simulated pool (sim driver)",
                    p.totalBytes(), free[i], p.status(), caps, p.statusReason()));
        }
        return out;
    }

    private Mode effectiveMode() {
        if (controlFile.isEmpty()) {
            return mode;
        }
        try {
            String text = Files.readString(controlFile.get(), StandardCharsets.UTF_8).strip();
            String word = text.isEmpty() ? "ok" : text.split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
            return switch (word) {
                case "fail" -> {
                    String[] parts = text.split("\\s+", 2);
                    failReason = parts.length > 1 ? parts[1] : "simulated failure (control file)";
                    yield Mode.FAIL;
                }
                case "hang" -> Mode.HANG;
                case "stuck" -> Mode.STUCK;
                default -> mode;
            };
        } catch (NoSuchFileException e) {
            return mode;
        } catch (IOException e) {
            return mode;
        }
    }

    /** Options: pools, drift, failureRate, hangRate, latency, controlFile, seed. */
    public static final class Factory implements DriverFactory {
        private static final Set<String> POOL_KEYS = Set.of("name", "storageType", "totalCapacity", "freeCapacity",
                "status", "statusReason", "extras");

        @Override
        public String name() {
            return "sim";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of("pools", "drift", "failureRate", "hangRate", "latency", "controlFile", "seed");
        }

        @Override
        public StorageDriver create(DriverContext ctx) throws ConfigException {
            ConfigNode o = ctx.options();
            List<SimPool> pools = new ArrayList<>();
            Set<String> names = new java.util.HashSet<>();
            for (ConfigNode p : o.list("pools")) {
                p.requireObject(POOL_KEYS);
                String name = p.requiredString("name", "gold-1");
                if (!names.add(name)) {
                    throw p.child("name").error("pool name '" + name + "' is used twice in this backend");
                }
                long total = p.longValue("totalCapacity", -1, 0, Long.MAX_VALUE / Capacity.GIB);
                if (total < 0) {
                    throw p.child("totalCapacity").error("required: the pool's size in GiB, e.g. 2000");
                }
                long freeGiB = p.longValue("freeCapacity", total, 0, total);
                String status = p.string("status", "available");
                PoolStatus st;
                if ("available".equals(status)) {
                    st = PoolStatus.AVAILABLE;
                } else if ("degraded".equals(status)) {
                    st = PoolStatus.DEGRADED;
                } else {
                    throw p.child("status").error("'" + status + "' is not allowed (allowed: available, degraded)");
                }
                String reason = p.string("statusReason", st == PoolStatus.DEGRADED
                        ? "simulated degraded pool (sim driver)" : "");
                pools.add(new SimPool(name, p.string("storageType", "block"), Capacity.fromGiB(total),
                        Capacity.fromGiB(freeGiB), st, Extras.deepCopy(p.tree("extras")), reason));
            }
            if (pools.isEmpty()) {
                throw o.child("pools").error("required: at least one simulated pool, e.g. "
                        + "[{ name: gold-1, totalCapacity: 2000, freeCapacity: 1500 }]");
            }
            Optional<Path> control = Optional.ofNullable(o.string("controlFile", null)).map(Path::of);
            return new SimDriver(ctx.backendName(), pools, o.doubleValue("drift", 0, 0, 1),
                    o.doubleValue("failureRate", 0, 0, 1), o.doubleValue("hangRate", 0, 0, 1),
                    o.has("latency") ? o.duration("latency", Duration.ZERO) : Duration.ZERO, control,
                    o.longValue("seed", ctx.backendName().hashCode(), Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }
}
