package com.capreport.agent.testing;

import com.capreport.agent.etcd.EtcdClients;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every PUT and DELETE under a prefix, with the time it arrived: how tests count writes. */
public final class KeyWatch implements AutoCloseable {
    /** One event as seen by the watcher. */
    public record Event(WatchEvent.EventType type, String key, String value, long nanos) {
    }

    private final Watch.Watcher watcher;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    public KeyWatch(Client client, String prefix) {
        this.watcher = client.getWatchClient().watch(EtcdClients.bytes(prefix),
                WatchOption.builder().isPrefix(true).build(),
                Watch.listener(r -> r.getEvents().forEach(e -> events.add(new Event(e.getEventType(),
                        e.getKeyValue().getKey().toString(StandardCharsets.UTF_8),
                        e.getKeyValue().getValue().toString(StandardCharsets.UTF_8), System.nanoTime())))));
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public long count(WatchEvent.EventType type, String keyContains) {
        return events.stream().filter(e -> e.type() == type && e.key().contains(keyContains)).count();
    }

    public void clear() {
        events.clear();
    }

    @Override
    public void close() {
        watcher.close();
    }
}
