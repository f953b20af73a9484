package com.capreport.dashboard.common;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code work} on its own thread on the latest submitted input only, and hands the latest
 * result to the FX thread with at most one pending hand-off. Inputs submitted while the worker is
 * busy replace each other: an estate that changes ten times during one evaluation costs two
 * evaluations, never ten, and the FX thread never queues results it will overwrite.
 *
 * @param <I> what the worker reads (immutable)
 * @param <O> what the FX thread receives (immutable)
 */
public final class LatestOnly<I, O> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LatestOnly.class);

    private final String name;
    private final ExecutorService worker;
    private final Executor fx;
    private final Function<I, O> work;
    private final Consumer<O> onFx;
    private final AtomicReference<I> input = new AtomicReference<>();
    private final AtomicBoolean workQueued = new AtomicBoolean();
    private final AtomicReference<O> output = new AtomicReference<>();
    private final AtomicBoolean fxQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String lastFailure = "";

    public LatestOnly(String name, Function<I, O> work, Executor fx, Consumer<O> onFx) {
        this.name = name;
        this.work = Objects.requireNonNull(work);
        this.fx = Objects.requireNonNull(fx);
        this.onFx = Objects.requireNonNull(onFx);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Any thread. Replaces any input the worker has not started on yet. */
    public void submit(I in) {
        input.set(Objects.requireNonNull(in));
        if (!closed.get() && workQueued.compareAndSet(false, true)) {
            execute(this::run);
        }
    }

    /**
     * Runs {@code fxTask} on the FX thread after everything submitted so far has been handed over
     * (the worker is single-threaded and FX hand-offs run in order). Used by headless screenshots.
     */
    public void whenIdle(Runnable fxTask) {
        execute(() -> fx.execute(fxTask));
    }

    private void execute(Runnable r) {
        try {
            worker.execute(r);
        } catch (RejectedExecutionException e) {
            // closed while a watcher callback raced us: nothing left to show the result to
        }
    }

    private void run() {
        workQueued.set(false); // before taking the input: a later submit schedules the next run
        I in = input.getAndSet(null);
        if (in == null) {
            return;
        }
        O out;
        try {
            out = work.apply(in);
        } catch (RuntimeException e) {
            // A bug in one evaluation must not kill the worker; log once per distinct failure.
            String what = e.toString();
            if (!what.equals(lastFailure)) {
                LOG.warn("{}: evaluation failed: {}", name, what, e);
                lastFailure = what;
            }
            return;
        }
        if (out == null) {
            return;
        }
        output.set(out);
        if (fxQueued.compareAndSet(false, true)) {
            fx.execute(this::publish);
        }
    }

    private void publish() {
        fxQueued.set(false);
        O out = output.getAndSet(null);
        if (out != null && !closed.get()) {
            onFx.accept(out);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            worker.shutdownNow();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
