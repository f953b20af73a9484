package com.capreport.agent.etcd;

import com.capreport.model.Estate;
import com.capreport.model.KeyLayout;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live, parsed copy of everything under the prefix: list, then watch from revision + 1; on
 * compaction, reload; when etcd does not answer, say since when, and reload once it answers again.
 *
 * <p>Each key is parsed once, when its event arrives (garbage becomes an invalid entry, never an
 * exception); {@link #estate()} only regroups the parsed entries, and only when something changed.
 * {@code onChange} runs on etcd's threads for every change: it must only schedule work (the
 * dashboard coalesces it into one hand-off to the FX thread).
 */
public final class EstateWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EstateWatcher.class);
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(2);
    /** etcd's alarm list is read on every fifth probe (10 s): alarms are rare, and rarely cleared in seconds. */
    private static final int ALARMS_EVERY = 5;

    /** Whether etcd answers, since when it does not, the revision the copy is at, and the last error. */
    public record Connection(boolean connected, Optional<Instant> downSince, long revision, String lastError) {
    }

    private final Client client;
    private final KeyLayout layout;
    private final Runnable onChange;
    private final Clock clock;
    private final ConcurrentSkipListMap<String, Estate.Parsed> entries = new ConcurrentSkipListMap<>();
    private final AtomicLong revision = new AtomicLong();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    /** Pools whose values changed since the last {@link #estate()} (guarded by {@code entries}). */
    private final java.util.Map<String, com.capreport.model.PoolSpec> changedPools = new java.util.HashMap<>();
    /** Something other than a pool's values changed since the last {@link #estate()}: regroup everything. */
    private boolean regroup = true;
    private final ScheduledExecutorService worker;
    private final Object watchLock = new Object();
    private volatile Estate snapshot = new Estate(0, java.util.List.of(), java.util.List.of(), java.util.List.of(),
            java.util.List.of());
    private volatile Connection connection = new Connection(false, Optional.empty(), 0, "not started");
    private volatile boolean loaded;
    private volatile boolean closed;
    private Watch.Watcher watcher;
    private volatile java.util.List<com.capreport.model.EtcdAlarm> alarms = java.util.List.of();
    private int probes;

    public EstateWatcher(Client client, KeyLayout layout, Runnable onChange) {
        this(client, layout, onChange, Clock.systemUTC());
    }

    public EstateWatcher(Client client, KeyLayout layout, Runnable onChange, Clock clock) {
        this.client = client;
        this.layout = layout;
        this.onChange = onChange;
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "estate-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Lists and watches in the background; also probes etcd every 2 s to notice an outage. */
    public void start() {
        worker.execute(this::reload);
        worker.scheduleWithFixedDelay(this::probe, PROBE_EVERY.toMillis(), PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the first listing arrived. */
    public boolean loaded() {
        return loaded;
    }

    public Connection connection() {
        return connection;
    }

    /** The etcd alarms raised at the last check, each with when this watcher first saw it (empty: none). */
    public java.util.List<com.capreport.model.EtcdAlarm> alarms() {
        return alarms;
    }

    /**
     * The latest estate, rebuilt only when something changed: when only known pools' values changed
     * (the steady state: capacity moves), they are replaced in the last estate; otherwise the parsed
     * entries are regrouped.
     */
    public Estate estate() {
        if (dirty.getAndSet(false)) {
            synchronized (entries) {
                Estate next = null;
                if (!regroup) {
                    next = snapshot.withPoolsReplaced(revision.get(), changedPools.values()).orElse(null);
                }
                snapshot = next != null ? next : Estate.assemble(revision.get(), new TreeMap<>(entries));
                changedPools.clear();
                regroup = false;
            }
        }
        return snapshot;
    }

    private void reload() {
        if (closed) {
            return;
        }
        try {
            EstateReader.Listing l = EstateReader.list(client, layout, OP_TIMEOUT);
            synchronized (watchLock) {
                if (watcher != null) {
                    watcher.close();
                    watcher = null;
                }
                synchronized (entries) {
                    entries.clear();
                    l.entries().forEach((k, v) -> entries.put(k, Estate.parse(k, v, layout)));
                    l.unread().forEach(u -> entries.put(u.key(), Estate.unreadable(u, layout)));
                    revision.set(l.revision());
                    regroup = true;
                    changedPools.clear();
                }
                watcher = client.getWatchClient().watch(EtcdClients.bytes(layout.root()),
                        WatchOption.builder().isPrefix(true).withRevision(l.revision() + 1).build(),
                        Watch.listener(this::apply, this::watchFailed));
            }
            loaded = true;
            up();
            changed();
        } catch (EtcdUnavailableException e) {
            down(e.getMessage());
            worker.schedule(this::reload, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("estate reload failed: {}", e.toString());
            down(e.toString());
            worker.schedule(this::reload, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void apply(WatchResponse r) {
        synchronized (entries) {
            for (WatchEvent e : r.getEvents()) {
                String key = e.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
                if (e.getEventType() == WatchEvent.EventType.DELETE) {
                    regroup |= entries.remove(key) != null;
                } else if (e.getEventType() == WatchEvent.EventType.PUT) {
                    Estate.Parsed parsed = Estate.parse(key, e.getKeyValue().getValue().getBytes(), layout);
                    Estate.Parsed before = entries.put(key, parsed);
                    if (parsed instanceof Estate.PoolEntry now && before instanceof Estate.PoolEntry) {
                        changedPools.put(key, now.pool());
                    } else if (!(parsed instanceof Estate.Ignored && (before == null || before instanceof Estate.Ignored))) {
                        regroup = true;
                    }
                }
                revision.accumulateAndGet(e.getKeyValue().getModRevision(), Math::max);
            }
            revision.accumulateAndGet(r.getHeader().getRevision(), Math::max);
        }
        changed();
    }

    private void watchFailed(Throwable t) {
        if (closed) {
            return;
        }
        if (EtcdClients.classify(t) == EtcdFailure.COMPACTED) {
            LOG.info("watch: revision compacted, reloading the whole prefix");
        } else {
            down(EtcdClients.oneLine(t));
        }
        worker.execute(this::reload);
    }

    /** A cheap read every few seconds: the watch alone does not say that etcd went away. */
    private void probe() {
        if (closed) {
            return;
        }
        // An outage starts when etcd stopped answering, not when the probe's timeout ran out.
        Instant asked = clock.instant();
        try {
            EtcdClients.await(client.getKVClient().get(EtcdClients.bytes(layout.root()),
                    GetOption.builder().withCountOnly(true).withLimit(1).build()), OP_TIMEOUT, "probe");
            if (probes++ % ALARMS_EVERY == 0) {
                checkAlarms();
            }
            if (!connection.connected() && loaded) {
                // Back after an outage: reload rather than trust a watch that may have missed a compaction.
                reload();
            } else if (!connection.connected()) {
                up();
            }
        } catch (EtcdUnavailableException e) {
            down(e.getMessage(), asked);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads etcd's alarm list; an alarm seen before keeps its first sighting. A failed read keeps the last list. */
    private void checkAlarms() throws InterruptedException {
        java.util.List<com.capreport.model.EtcdAlarm> now;
        try {
            now = EtcdAlarms.list(client, OP_TIMEOUT);
        } catch (EtcdUnavailableException e) {
            LOG.debug("alarm list: {}", e.getMessage());
            return;
        }
        java.util.List<com.capreport.model.EtcdAlarm> before = alarms;
        java.util.List<com.capreport.model.EtcdAlarm> next = now.stream().map(a -> before.stream()
                .filter(b -> b.kind() == a.kind() && b.memberId() == a.memberId()).findFirst()
                .orElse(new com.capreport.model.EtcdAlarm(a.kind(), a.memberId(), Optional.of(clock.instant()))))
                .toList();
        if (!next.equals(before)) {
            alarms = next;
            if (next.isEmpty()) {
                LOG.info("etcd alarms cleared");
            } else {
                LOG.warn("etcd alarm raised: {} (etcd refuses writes)", next.stream()
                        .map(com.capreport.model.EtcdAlarm::words).collect(java.util.stream.Collectors.joining(", ")));
            }
            changed();
        }
    }

    private void up() {
        Connection c = connection;
        if (!c.connected() || c.revision() != revision.get()) {
            connection = new Connection(true, Optional.empty(), revision.get(), "");
            changed();
        }
    }

    private void down(String why) {
        down(why, clock.instant());
    }

    private void down(String why, Instant since) {
        Connection c = connection;
        if (c.connected() || c.downSince().isEmpty()) {
            connection = new Connection(false, Optional.of(since), revision.get(), why);
            changed();
        } else if (!why.equals(c.lastError())) {
            connection = new Connection(false, c.downSince(), revision.get(), why);
            changed();
        }
    }

    private void changed() {
        dirty.set(true);
        Connection c = connection;
        if (c.connected() && c.revision() != revision.get()) {
            connection = new Connection(true, Optional.empty(), revision.get(), "");
        }
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.warn("estate listener failed: {}", e.toString());
        }
    }

    /** The parsed entries count (for tests and figures). */
    public int size() {
        return entries.size();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (watchLock) {
            if (watcher != null) {
                watcher.close();
                watcher = null;
            }
        }
        worker.shutdownNow();
    }
}
