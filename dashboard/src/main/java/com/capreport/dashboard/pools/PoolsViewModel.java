package com.capreport.dashboard.pools;

import com.capreport.model.Estate;
import com.capreport.model.PoolDelta;
import com.capreport.model.PoolSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.collections.transformation.FilteredList;

/**
 * The pools table's state: one row per pool, diffed by pool id on every estate so the table keeps
 * its selection and scroll position, plus which rows changed recently (for the highlight) and the
 * filters. No JavaFX scene types: the view binds to this.
 */
public final class PoolsViewModel {
    /** The "no filter" choice of the dock/backend/status combo boxes. */
    public static final String ALL = "All";
    /**
     * A row flashes for a free- or reserved-capacity move of at least this fraction of its pool's
     * total (1 %; the agent's {@code discovery.capacityThreshold} rule, see {@link PoolDelta}), or
     * for any change of status, standing or capabilities; not for an updatedAt or capacity wiggle.
     * (The agent's own threshold defaults to 0, every byte, and is not known to the dashboard.)
     */
    public static final double FLASH_CAPACITY_THRESHOLD = 0.01;
    /** Above this many changed rows one update replaces the list instead of setting rows one by one. */
    private static final int BULK = 200;

    private final ObservableList<PoolRow> rows = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would hold listeners only weakly and lose them to GC.
    private final ObservableList<PoolRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final FilteredList<PoolRow> visible = new FilteredList<>(rows, r -> true);
    /** Pool id → when its row last changed; the view highlights these and calls {@link #expireChanges}. */
    private final ObservableMap<String, Instant> changed = FXCollections.observableHashMap();
    private final ObservableList<String> dockChoices = FXCollections.observableArrayList(ALL);
    private final ObservableList<String> backendChoices = FXCollections.observableArrayList(ALL);
    private final ObservableList<String> statusChoices = FXCollections.observableArrayList(ALL, "available", "degraded",
            "error", "unavailable", "stale");
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty dock = new SimpleStringProperty(ALL);
    private final StringProperty backend = new SimpleStringProperty(ALL);
    private final StringProperty status = new SimpleStringProperty(ALL);
    private final ObjectProperty<PoolRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Instant> now = new ReadOnlyObjectWrapper<>(Instant.EPOCH);
    private final ReadOnlyBooleanWrapper replacing = new ReadOnlyBooleanWrapper(false);
    private Estate last;

    public PoolsViewModel() {
        text.addListener((o, a, b) -> refilter());
        dock.addListener((o, a, b) -> refilter());
        backend.addListener((o, a, b) -> refilter());
        status.addListener((o, a, b) -> refilter());
    }

    private void refilter() {
        String t = text.get();
        String d = dock.get();
        String b = backend.get();
        String s = status.get();
        visible.setPredicate(r -> r.matches(t)
                && (isAll(d) || r.pool().dockId().equals(d))
                && (isAll(b) || r.pool().backend().equals(b))
                && (isAll(s) || r.statusWord().equals(s)));
    }

    private static boolean isAll(String choice) {
        return choice == null || choice.isEmpty() || ALL.equals(choice);
    }

    /**
     * Brings the rows up to {@code estate}. Returns the ids of rows that flash: new pools and changes
     * worth a look ({@link #worthAFlash}); none on the first load (everything is new then).
     */
    public Set<String> apply(Estate estate, Instant at) {
        now.set(at);
        if (estate == last) {
            return Set.of();
        }
        boolean first = last == null;
        last = estate;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            index.put(rows.get(i).id(), i);
        }
        // The watcher re-parses only keys that changed, so an unchanged pool is the same PoolSpec
        // instance as before: its row is reused as is unless its dock's or loop's state moved. An
        // update then costs a lookup per pool, not a new row and a deep comparison per pool.
        Map<String, PoolRow> next = new LinkedHashMap<>();
        java.util.function.Function<PoolSpec, com.capreport.model.PoolStanding> standingOf =
                com.capreport.model.PoolStanding.resolver(estate);
        for (PoolSpec p : estate.pools()) {
            Integer i = index.get(p.id());
            PoolRow old = i == null ? null : rows.get(i);
            com.capreport.model.PoolStanding standing = standingOf.apply(p);
            boolean reuse = old != null && old.pool() == p && old.standing().equals(standing);
            next.put(p.id(), reuse ? old : PoolRow.of(p, standing, estate));
        }
        Set<String> changedIds = new HashSet<>();
        Set<String> flashIds = new HashSet<>();
        List<PoolRow> added = new ArrayList<>();
        next.forEach((id, row) -> {
            Integer i = index.get(id);
            if (i == null) {
                added.add(row);
                changedIds.add(id);
                flashIds.add(id);
            } else if (rows.get(i) != row && !rows.get(i).equals(row)) {
                changedIds.add(id);
                if (worthAFlash(rows.get(i), row)) {
                    flashIds.add(id);
                }
            }
        });
        int removed = (int) index.keySet().stream().filter(id -> !next.containsKey(id)).count();
        if (first || changedIds.size() + removed > BULK) {
            replacing.set(true);
            try {
                rows.setAll(next.values());
            } finally {
                replacing.set(false);
            }
        } else {
            for (int i = rows.size() - 1; i >= 0; i--) {
                PoolRow old = rows.get(i);
                PoolRow row = next.get(old.id());
                if (row == null) {
                    rows.remove(i);
                } else if (row != old && !row.equals(old)) {
                    rows.set(i, row);
                }
            }
            rows.addAll(added);
        }
        refreshChoices(estate);
        PoolRow sel = selected.get();
        if (sel != null) {
            selected.set(next.get(sel.id()));
        }
        if (first) {
            return Set.of();
        }
        flashIds.forEach(id -> changed.put(id, at));
        return flashIds;
    }

    /** Whether a row's change is news: standing or status moved, or the pool changed beyond the threshold. */
    static boolean worthAFlash(PoolRow before, PoolRow after) {
        return !before.effectiveStatus().equals(after.effectiveStatus()) || before.tone() != after.tone()
                || PoolDelta.significant(before.pool(), after.pool(), FLASH_CAPACITY_THRESHOLD);
    }

    private void refreshChoices(Estate estate) {
        Set<String> docks = new TreeSet<>();
        Set<String> backends = new TreeSet<>();
        estate.pools().forEach(p -> {
            docks.add(p.dockId());
            backends.add(p.backend());
        });
        estate.docks().forEach(d -> docks.add(d.dockId()));
        syncChoices(dockChoices, docks);
        syncChoices(backendChoices, backends);
    }

    private static void syncChoices(ObservableList<String> choices, Set<String> values) {
        List<String> want = new ArrayList<>();
        want.add(ALL);
        want.addAll(values);
        if (!choices.equals(want)) {
            // Only add and remove, so a combo box keeps its current value when it is still there.
            choices.removeIf(c -> !want.contains(c));
            for (int i = 0; i < want.size(); i++) {
                if (i >= choices.size() || !Objects.equals(choices.get(i), want.get(i))) {
                    choices.add(i, want.get(i));
                }
            }
        }
    }

    /**
     * The next estate is a different source (a snapshot file, or live again): it replaces the rows
     * quietly, like a first load, instead of flashing every pool that differs.
     */
    public void reset() {
        last = null;
        changed.clear();
    }

    /** Forgets highlights older than {@code ttlMillis}. */
    public void expireChanges(Instant at, long ttlMillis) {
        changed.entrySet().removeIf(e -> e.getValue().plusMillis(ttlMillis).isBefore(at)
                || e.getValue().plusMillis(ttlMillis).equals(at));
    }

    public ObservableList<PoolRow> rows() {
        return rowsView;
    }

    /** The rows that pass the filters (the view sorts them). */
    public FilteredList<PoolRow> visibleRows() {
        return visible;
    }

    public ObservableMap<String, Instant> changed() {
        return changed;
    }

    public ObservableList<String> dockChoices() {
        return dockChoices;
    }

    public ObservableList<String> backendChoices() {
        return backendChoices;
    }

    public ObservableList<String> statusChoices() {
        return statusChoices;
    }

    public StringProperty textFilter() {
        return text;
    }

    public StringProperty dockFilter() {
        return dock;
    }

    public StringProperty backendFilter() {
        return backend;
    }

    public StringProperty statusFilter() {
        return status;
    }

    /** The row of the details pane; follows the pool across updates (by id). */
    public ObjectProperty<PoolRow> selected() {
        return selected;
    }

    /**
     * True while one update replaces the rows wholesale (the first load, or a large change). A sorted
     * view of the rows sorts them once afterwards rather than inserting thousands one by one.
     */
    public ReadOnlyBooleanProperty replacing() {
        return replacing.getReadOnlyProperty();
    }

    /** The time of the latest update, for ages. */
    public ReadOnlyObjectProperty<Instant> now() {
        return now.getReadOnlyProperty();
    }
}
