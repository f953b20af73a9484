package com.capreport.dashboard.docks;

import com.capreport.model.Estate;
import java.time.Instant;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The docks and their loops, and the "discover now" command with its outcome. */
public final class DocksViewModel {
    private final ObservableList<DockEntry.Dock> docks = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would hold listeners only weakly and lose them to GC.
    private final ObservableList<DockEntry.Dock> docksView = FXCollections.unmodifiableObservableList(docks);
    private final ReadOnlyObjectWrapper<Instant> now = new ReadOnlyObjectWrapper<>(Instant.EPOCH);
    /** Since when this dashboard cannot reach etcd (empty while it can): what a lease proved is not known since then. */
    private final ReadOnlyObjectWrapper<java.util.Optional<Instant>> blindSince =
            new ReadOnlyObjectWrapper<>(java.util.Optional.empty());
    private final ReadOnlyStringWrapper discoverResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper discovering = new ReadOnlyBooleanWrapper(false);
    /** While a snapshot file is shown its docks are history: nothing to ask over gRPC. */
    private final ReadOnlyBooleanWrapper readOnly = new ReadOnlyBooleanWrapper(false);
    private final DiscoverClient client;
    private final LoopSinces sinces = new LoopSinces();
    private Estate last;

    public DocksViewModel(DiscoverClient client) {
        this.client = client;
    }

    /** Returns whether the docks changed (the view rebuilds its tree only then). */
    public boolean apply(Estate estate, Instant at) {
        now.set(at);
        if (estate == last) {
            return false;
        }
        last = estate;
        List<DockEntry.Dock> next = estate.docks().stream().map(d -> sinces.keep(DockEntry.Dock.of(d, estate))).toList();
        if (next.equals(docks)) {
            return false;
        }
        docks.setAll(next);
        return true;
    }

    /**
     * Asks the dock over gRPC to run a cycle now (one backend, or all when {@code backend} is
     * empty). Runs on the client's executor; the outcome lands in {@link #discoverResult()} on the
     * FX thread through {@code fx}.
     */
    public void discoverNow(DockEntry.Dock dock, String backend, java.util.function.Consumer<Runnable> fx) {
        if (readOnly.get()) {
            discoverResult.set("discover now is off while a snapshot is shown: Back to live first");
            return;
        }
        if (dock.endpoint().isEmpty()) {
            discoverResult.set("discover now: dock " + dock.dockId() + " has no gRPC endpoint (gRPC off in its config)");
            return;
        }
        discovering.set(true);
        discoverResult.set("discovering on " + dock.dockId() + (backend.isEmpty() ? "" : "/" + backend) + " at "
                + dock.endpoint() + " …");
        client.discoverNow(dock.dockId(), dock.endpoint(), backend).whenComplete((text, err) -> fx.accept(() -> {
            discovering.set(false);
            Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                    ? err.getCause() : err;
            discoverResult.set(err == null ? text : "discover now on " + dock.dockId() + " failed: " + cause.getMessage());
        }));
    }

    /**
     * FX thread; the live hand-off says whether etcd answers. While it does not, a key that exists
     * proves nothing newer than the moment etcd stopped answering.
     */
    public void blindSince(java.util.Optional<Instant> since) {
        if (!since.equals(blindSince.get())) {
            blindSince.set(since);
        }
    }

    public ReadOnlyObjectProperty<java.util.Optional<Instant>> blindSince() {
        return blindSince.getReadOnlyProperty();
    }

    public ObservableList<DockEntry.Dock> docks() {
        return docksView;
    }

    public ReadOnlyObjectProperty<Instant> now() {
        return now.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty discoverResult() {
        return discoverResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readOnly() {
        return readOnly.getReadOnlyProperty();
    }

    /** FX thread; set by the snapshot feature while a snapshot file is shown. */
    public void readOnly(boolean on) {
        readOnly.set(on);
    }

    public ReadOnlyBooleanProperty discovering() {
        return discovering.getReadOnlyProperty();
    }
}
