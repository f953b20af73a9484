package com.capreport.agent.bench;

import com.capreport.agent.etcd.EtcdClients;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what etcd itself saw written under a prefix: every PUT and DELETE event of a raw watch,
 * by kind of key. Lease renewals are not writes and do not appear here.
 */
final class EventCounter implements AutoCloseable {
    private final AtomicLong pools = new AtomicLong();
    private final AtomicLong loops = new AtomicLong();
    private final AtomicLong other = new AtomicLong();
    private final Watch.Watcher watcher;

    EventCounter(Client client, String prefix, long fromRevision) {
        this.watcher = client.getWatchClient().watch(EtcdClients.bytes(prefix),
                WatchOption.builder().isPrefix(true).withRevision(fromRevision).build(),
                Watch.listener(r -> {
                    for (WatchEvent e : r.getEvents()) {
                        String key = e.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
                        (key.contains("/pools/") ? pools : key.contains("/loops/") ? loops : other).incrementAndGet();
                    }
                }));
    }

    /** The counts now. */
    Count count() {
        return new Count(pools.get(), loops.get(), other.get(), System.nanoTime());
    }

    /** Writes seen up to one moment. */
    record Count(long pools, long loops, long other, long atNanos) {
        long total() {
            return pools + loops + other;
        }

        /** All writes per second between {@code earlier} and this count. */
        double perSecondSince(Count earlier) {
            return (total() - earlier.total()) / ((atNanos - earlier.atNanos) / 1e9);
        }

        double poolsPerSecondSince(Count earlier) {
            return (pools - earlier.pools) / ((atNanos - earlier.atNanos) / 1e9);
        }
    }

    @Override
    public void close() {
        watcher.close();
    }
}
