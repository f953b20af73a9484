package com.capreport.agent.bench;

import com.capreport.agent.etcd.EtcdClients;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor: a raw etcd put of a tiny key, timed until a raw watch on its own client delivers the
 * event, on the same etcd and under the same load as the docks. Nothing of capreport in between.
 */
final class FloorProbe implements AutoCloseable {
    private final Client client;
    private final ByteSequence key;
    private final Map<Long, Long> sent = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final ScheduledExecutorService putter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-floor");
        t.setDaemon(true);
        return t;
    });
    private final Watch.Watcher watcher;
    private volatile Samples window;
    private volatile java.util.concurrent.CompletableFuture<?> lastPut =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    FloorProbe(Client client, String key, int perSecond) {
        this.client = client;
        this.key = EtcdClients.bytes(key);
        this.watcher = client.getWatchClient().watch(this.key, WatchOption.DEFAULT, Watch.listener(r -> {
            long now = System.nanoTime();
            for (WatchEvent e : r.getEvents()) {
                if (e.getEventType() != WatchEvent.EventType.PUT) {
                    continue;
                }
                Long at = sent.remove(Long.parseLong(e.getKeyValue().getValue().toString(StandardCharsets.UTF_8)));
                Samples w = window;
                if (at != null && w != null) {
                    w.addNanosAsMillis(now - at);
                }
            }
        }));
        long period = Math.max(1, 1000 / Math.max(1, perSecond));
        putter.scheduleAtFixedRate(this::putOne, period, period, TimeUnit.MILLISECONDS);
    }

    private void putOne() {
        long n = seq.incrementAndGet();
        sent.put(n, System.nanoTime());
        lastPut = client.getKVClient().put(key, ByteSequence.from(Long.toString(n), StandardCharsets.UTF_8));
        if (sent.size() > 10_000) {
            sent.clear(); // lost events (etcd away): do not grow without bound
        }
    }

    /** From now on, latencies go into {@code samples} (null: measured but not kept). */
    void recordInto(Samples samples) {
        this.window = samples;
    }

    /** Stops putting, waits for the last put, then deletes the key (and waits, so nothing is left behind). */
    @Override
    public void close() {
        putter.shutdownNow();
        watcher.close();
        try {
            putter.awaitTermination(5, TimeUnit.SECONDS);
            lastPut.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the last put failed or hangs: the delete below still runs
        }
        try {
            EtcdClients.await(client.getKVClient().delete(key), java.time.Duration.ofSeconds(10),
                    "delete the floor key");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (com.capreport.agent.etcd.EtcdUnavailableException e) {
            // reported by the caller's prefix cleanup at worst: the key sits under the bench's prefix
        }
    }
}
