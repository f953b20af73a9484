package com.capreport.agent.driver.fs;

import com.capreport.agent.config.ConfigException;
import com.capreport.agent.driver.DiscoveredPool;
import com.capreport.agent.driver.DriverContext;
import com.capreport.agent.driver.DriverException;
import com.capreport.agent.driver.DriverFactory;
import com.capreport.agent.driver.StorageDriver;
import com.capreport.model.PoolStatus;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file pool per configured directory, with the real capacity of the file store it lives on
 * (statfs: total, space available to unprivileged writers, and the blocks reserved for root as
 * {@code advanced."fs.reservedBytes"}, see {@link Space}). Discovered: the file system type,
 * the mount source and whether it is mounted read-only (a read-only store is {@code degraded}).
 *
 * <p>A configured path that is missing is left out of the listing, so its pool turns
 * {@code unavailable}; when no path can be read at all the backend has failed.
 */
public final class FilesystemDriver implements StorageDriver {
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemDriver.class);

    private final String backend;
    private final List<Path> paths;
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();

    public FilesystemDriver(String backend, List<Path> paths) {
        this.backend = backend;
        this.paths = List.copyOf(paths);
    }

    @Override
    public String driverName() {
        return "filesystem";
    }

    @Override
    public List<DiscoveredPool> listPools(Duration timeout) throws DriverException {
        List<DiscoveredPool> pools = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path p : paths) {
            try {
                pools.add(describe(p));
                if (warned.remove(p)) {
                    LOG.info("{}: {} is readable again", backend, p);
                }
            } catch (IOException e) {
                String problem = p + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                        : String.valueOf(e.getMessage()));
                problems.add(problem);
                if (warned.add(p)) {
                    LOG.warn("{}: {} (its pool turns unavailable)", backend, problem);
                }
            }
        }
        if (pools.isEmpty() && !problems.isEmpty()) {
            throw new DriverException(backend + ": no configured path can be read: " + String.join("; ", problems));
        }
        return pools;
    }

    private DiscoveredPool describe(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            throw Files.exists(p) ? new IOException("not a directory") : new java.nio.file.NoSuchFileException(p.toString());
        }
        FileStore store = Files.getFileStore(p);
        Space space = Space.of(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
        long total = space.total();
        long free = space.free();
        Map<String, Object> advanced = new LinkedHashMap<>();
        advanced.put("fs.type", store.type());
        advanced.put("fs.mountSource", store.name());
        advanced.put("fs.readOnly", store.isReadOnly());
        advanced.put(com.capreport.model.Capacity.RESERVED_KEY, space.reserved());
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("advanced", advanced);
        Path name = p.getFileName();
        return new DiscoveredPool(p.toString(), name == null ? p.toString() : name.toString(), "file",
                "directory " + p + " on " + store.type(), total, free,
                store.isReadOnly() ? PoolStatus.DEGRADED : PoolStatus.AVAILABLE, caps);
    }

    /**
     * A file store's space as {@code statfs} gives it (JDK: total = f_blocks, unallocated = f_bfree,
     * usable = f_bavail, each × f_frsize) split the way {@code df} reads it: {@code used} = total −
     * bfree, {@code reserved} = bfree − bavail (blocks kept for root, e.g. ext4's 5 %), {@code free}
     * = bavail, what an unprivileged writer can still have. Reserved space is neither used nor free.
     */
    record Space(long total, long used, long reserved, long free) {
        static Space of(long total, long unallocated, long usable) {
            long t = Math.max(0, total);
            long bfree = Math.max(0, Math.min(unallocated, t));
            long bavail = Math.max(0, Math.min(usable, bfree));
            return new Space(t, t - bfree, bfree - bavail, bavail);
        }
    }

    /** {@code paths: [/srv/exports/a, /srv/exports/b]}: one file pool per path. */
    public static final class Factory implements DriverFactory {
        @Override
        public String name() {
            return "filesystem";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of("paths");
        }

        @Override
        public StorageDriver create(DriverContext ctx) throws ConfigException {
            List<String> raw = ctx.options().stringList("paths");
            if (raw.isEmpty()) {
                throw ctx.options().child("paths").error("required: the directories to report, e.g. [/srv/exports/a]");
            }
            List<Path> paths = new ArrayList<>();
            for (String s : raw) {
                Path p = Path.of(s);
                if (!p.isAbsolute()) {
                    throw ctx.options().child("paths").error("'" + s + "' is not an absolute path");
                }
                if (paths.contains(p.normalize())) {
                    throw ctx.options().child("paths").error("'" + s + "' is listed twice");
                }
                paths.add(p.normalize());
            }
            return new FilesystemDriver(ctx.backendName(), paths);
        }
    }
}
