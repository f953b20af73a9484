package com.capreport.agent.etcd;

import com.capreport.model.Estate;
import com.capreport.model.LivenessTracker;
import io.etcd.jetcd.Client;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The estate as a consumer thread sees it: the dashboard's data model (its hand-off executor is
 * {@code Platform::runLater}), and the load benchmark's model (a plain thread). The watcher calls
 * {@link #onChange} from etcd threads, up to thousands of times a second; each call at most
 * schedules the one pending hand-off, which reads the latest snapshot when it runs. So a burst of
 * events costs one hand-off, never a queue.
 */
public final class EstateFeed implements AutoCloseable {
    private final Client client;
    private final EstateWatcher watcher;
    private final int endpoints;
    private final Clock clock;
    private final Executor handOff;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch loadedLatch = new CountDownLatch(1);
    private volatile Consumer<EstateUpdate> sink = u -> { };
    /** Since when docks and loops are in their state, silent loops, outages: what one revision cannot tell. */
    private final LivenessTracker liveness = new LivenessTracker();

    /** {@code handOff} runs each coalesced update on the consumer's thread ({@code Platform::runLater} for the UI). */
    public EstateFeed(EtcdConnection connection, Clock clock, Executor handOff) throws EtcdClients.SettingsException {
        this.client = EtcdClients.connect(connection);
        this.endpoints = connection.endpoints().size();
        this.clock = clock;
        this.handOff = Objects.requireNonNull(handOff);
        this.watcher = new EstateWatcher(client, connection.layout(), this::onChange, clock);
    }

    /** The feed's etcd client, shared with the profile store (jetcd clients are thread-safe); closed with the feed. */
    public Client client() {
        return client;
    }

    /** Starts watching; {@code onUpdate} runs on the hand-off executor with each coalesced update. */
    public void start(Consumer<EstateUpdate> onUpdate) {
        this.sink = Objects.requireNonNull(onUpdate);
        watcher.start();
        onChange();
    }

    private void onChange() {
        if (loadedLatch.getCount() > 0 && watcher != null && watcher.loaded()) {
            loadedLatch.countDown();
        }
        if (!closed.get() && pending.compareAndSet(false, true)) {
            handOff.execute(this::publish);
        }
    }

    /** Also called by the view's 1 s ticker so "down for 42 s" and ages move without etcd events. */
    public void publish() {
        pending.set(false); // before reading: a change after this read schedules the next hand-off
        if (closed.get()) {
            return;
        }
        sink.accept(current());
    }

    /**
     * The latest snapshot; cheap (the watcher keeps it parsed), callable from any thread. Once loaded,
     * its docks carry their {@link com.capreport.model.DockHistory} as of now (the 1 s tick moves it on).
     */
    public EstateUpdate current() {
        boolean loaded = watcher.loaded();
        EstateWatcher.Connection c = watcher.connection();
        Instant now = clock.instant();
        Estate e = watcher.estate();
        if (loaded) {
            e = liveness.observe(e, c.connected(), c.downSince(), now);
        }
        e = withAlarms(e, watcher.alarms());
        return new EstateUpdate(e, c, endpoints, now, loaded);
    }

    private Estate lastObserved;
    private Estate lastWithAlarms;

    /** The estate with the raised alarms, the same instance while neither changed (identity checks stay cheap). */
    private synchronized Estate withAlarms(Estate e, java.util.List<com.capreport.model.EtcdAlarm> alarms) {
        if (e != lastObserved || !alarms.equals(lastWithAlarms.alarms())) {
            lastObserved = e;
            lastWithAlarms = e.withAlarms(alarms);
        }
        return lastWithAlarms;
    }

    /** Whether the first full listing arrived within {@code timeout} (any thread but the hand-off thread). */
    public boolean awaitLoaded(java.time.Duration timeout) throws InterruptedException {
        return watcher.loaded() || loadedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || watcher.loaded();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            watcher.close();
            client.close();
        }
    }
}
