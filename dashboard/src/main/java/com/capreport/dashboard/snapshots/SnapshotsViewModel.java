package com.capreport.dashboard.snapshots;

import com.capreport.agent.files.AtomicFiles;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.Estate;
import com.capreport.model.ModelParseException;
import com.capreport.model.Snapshot;
import com.capreport.model.snapshot.DiffText;
import com.capreport.model.snapshot.SnapshotCsv;
import com.capreport.model.snapshot.SnapshotDiff;
import com.capreport.model.snapshot.Snapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export, open and compare, as commands taking paths. Reading, building, encoding, writing and
 * diffing run on this feature's one worker thread; each command ends in one hand-off to the FX
 * thread. One command at a time: {@link #busy()} is true while one runs (the view disables its
 * buttons and shows progress). Commands and {@link #live} are called on the FX thread.
 */
public final class SnapshotsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotsViewModel.class);
    private static final DateTimeFormatter TAKEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    /** How many capability changes a changed pool's one-line summary names before "+k more". */
    private static final int SUMMARY_CHANGES = 3;

    /** What an export writes, by the file's extension: {@code .csv} is the pools CSV, anything else the JSON. */
    public enum Format {
        JSON, CSV;

        public static Format of(Path file) {
            String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
            return name.endsWith(".csv") ? CSV : JSON;
        }
    }

    /** The counts shown at the top of a comparison. */
    public record Counts(int added, int removed, int changed, int docks, int profiles) {
        public boolean identical() {
            return added + removed + changed + docks + profiles == 0;
        }
    }

    private final List<String> endpoints;
    private final String prefix;
    private final Clock clock;
    private final Executor fx;
    private final ExecutorService worker;
    /** FX thread only: the latest loaded live estate (one etcd revision), what an export or compare reads. */
    private Estate live;

    private final ReadOnlyObjectWrapper<OpenedSnapshot> browsing = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper busyText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Tone> messageTone = new ReadOnlyObjectWrapper<>(Tone.INFO);
    private final ReadOnlyObjectWrapper<SnapshotDiff> diff = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper compareTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Counts> counts = new ReadOnlyObjectWrapper<>();
    private final ObservableList<DiffEntry> entries = FXCollections.observableArrayList();
    private final ObservableList<DiffEntry> entriesView = FXCollections.unmodifiableObservableList(entries);
    private final ObjectProperty<DiffEntry> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");

    public SnapshotsViewModel(List<String> endpoints, String prefix, Clock clock, Executor fx) {
        this.endpoints = List.copyOf(endpoints);
        this.prefix = prefix;
        this.clock = clock;
        this.fx = fx;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "snapshots-io");
            t.setDaemon(true);
            return t;
        });
        selected.addListener((o, a, b) -> details.set(b == null ? "" : detailsText(b)));
    }

    /** Every live hand-off with a loaded estate (FX thread). */
    public void live(Estate estate) {
        this.live = Objects.requireNonNull(estate);
    }

    /** The estate the views show: the open snapshot's, else {@code liveEstate}. */
    public Estate shown(Estate liveEstate) {
        OpenedSnapshot s = browsing.get();
        return s == null ? liveEstate : s.estate();
    }

    // ---- export ------------------------------------------------------------------------------

    /**
     * Writes what the views show to {@code target}, atomically: the live estate at its revision,
     * or the open snapshot as it was read (so exporting a snapshot as CSV converts it).
     * JSON or CSV by the file's extension.
     */
    public void export(Path target) {
        OpenedSnapshot open = browsing.get();
        Estate estate = live;
        if (open == null && estate == null) {
            say(Tone.ERROR, "Nothing to export yet: the estate has not loaded from etcd.");
            return;
        }
        Format format = Format.of(target);
        int pools = open != null ? open.snapshot().pools().size() : estate.pools().size();
        long revision = open != null ? open.revision() : estate.revision();
        Instant takenAt = clock.instant();
        run("Exporting " + plural(pools, "pool", "pools") + " at revision " + revision + " to " + name(target) + "…",
                () -> {
                    Snapshot s = open != null ? open.snapshot() : Snapshots.of(estate, endpoints, prefix, takenAt);
                    try {
                        AtomicFiles.write(target, out -> {
                            if (format == Format.CSV) {
                                SnapshotCsv.write(s, out);
                            } else {
                                out.write(new String(Snapshots.encode(s), StandardCharsets.UTF_8));
                            }
                        });
                    } catch (IOException e) {
                        String why = e.getMessage();
                        return () -> say(Tone.ERROR, "Not exported: " + oneLine(why));
                    }
                    String what = (format == Format.CSV ? "CSV" : "JSON") + ", " + plural(s.pools().size(), "pool", "pools")
                            + " at revision " + revision + (open != null ? ", from " + open.name() : "");
                    return () -> say(Tone.OK, "Wrote " + target.toAbsolutePath() + " (" + what + ").");
                });
    }

    // ---- open read-only ------------------------------------------------------------------------

    /** Reads {@code file}; on success the views show its estate read-only. On failure nothing is replaced. */
    public void open(Path file) {
        run("Opening " + name(file) + "…", () -> {
            Snapshot s;
            Estate e;
            try {
                s = read(file);
                e = Estate.fromSnapshot(s);
            } catch (ReadException ex) {
                String why = ex.getMessage();
                return () -> say(Tone.ERROR, "Not opened: " + why + " — still showing "
                        + (browsing.get() == null ? "the live estate." : browsing.get().name() + "."));
            }
            OpenedSnapshot opened = new OpenedSnapshot(file, s, e);
            return () -> {
                browsing.set(opened);
                banner.set(bannerText(opened));
                say(Tone.OK, "Showing " + opened.name() + " read-only (" + plural(s.pools().size(), "pool", "pools")
                        + " at revision " + opened.revision() + "); Back to live returns to etcd.");
            };
        });
    }

    /** Shows the live estate again. */
    public void backToLive() {
        if (browsing.get() != null) {
            browsing.set(null);
            banner.set("");
            say(Tone.INFO, "Back to the live estate.");
        }
    }

    // ---- compare -------------------------------------------------------------------------------

    /** The open snapshot (older) against the live estate (newer). */
    public void compareOpenWithLive() {
        OpenedSnapshot open = browsing.get();
        if (open == null) {
            say(Tone.ERROR, "No snapshot is open: choose a file to compare with the live estate.");
            return;
        }
        compareWithLive(open.file());
    }

    /** A snapshot file (older) against the live estate (newer), both at their own revision. */
    public void compareWithLive(Path older) {
        Estate estate = live;
        if (estate == null) {
            say(Tone.ERROR, "Cannot compare yet: the live estate has not loaded from etcd.");
            return;
        }
        Instant now = clock.instant();
        run("Comparing " + name(older) + " with the live estate…", () -> {
            Snapshot a;
            try {
                a = read(older);
            } catch (ReadException e) {
                String why = e.getMessage();
                return () -> say(Tone.ERROR, "Not compared: " + why);
            }
            Snapshot b = Snapshots.of(estate, endpoints, prefix, now);
            SnapshotDiff d = SnapshotDiff.between(a, b);
            String title = describe(name(older), a) + "  →  live (revision " + estate.revision() + ")";
            return () -> showDiff(d, title);
        });
    }

    /** Two snapshot files: what changed from {@code older} to {@code newer}. */
    public void compareFiles(Path older, Path newer) {
        run("Comparing " + name(older) + " with " + name(newer) + "…", () -> {
            Snapshot a;
            Snapshot b;
            try {
                a = read(older);
                b = read(newer);
            } catch (ReadException e) {
                String why = e.getMessage();
                return () -> say(Tone.ERROR, "Not compared: " + why);
            }
            SnapshotDiff d = SnapshotDiff.between(a, b);
            String title = describe(name(older), a) + "  →  " + describe(name(newer), b);
            return () -> showDiff(d, title);
        });
    }

    private void showDiff(SnapshotDiff d, String title) {
        List<DiffEntry> next = entriesOf(d);
        selected.set(null);
        entries.setAll(next);
        compareTitle.set(title);
        counts.set(new Counts(d.poolsAdded().size(), d.poolsRemoved().size(), d.poolsChanged().size(),
                d.docks().size(), d.profiles().size()));
        diff.set(d);
        List<String> parts = new ArrayList<>();
        addCount(parts, d.poolsAdded().size(), "pool added", "pools added");
        addCount(parts, d.poolsRemoved().size(), "pool removed", "pools removed");
        addCount(parts, d.poolsChanged().size(), "pool changed", "pools changed");
        addCount(parts, d.docks().size(), "dock change", "dock changes");
        addCount(parts, d.profiles().size(), "profile change", "profile changes");
        say(Tone.OK, d.identical() ? "Compared: identical (same pools, capabilities, docks and profile matches)."
                : "Compared: " + String.join(", ", parts) + ".");
    }

    private static void addCount(List<String> parts, int n, String one, String many) {
        if (n > 0) {
            parts.add(plural(n, one, many));
        }
    }

    static List<DiffEntry> entriesOf(SnapshotDiff d) {
        List<DiffEntry> out = new ArrayList<>();
        d.poolsAdded().forEach(p -> out.add(new DiffEntry(DiffEntry.Kind.POOL_ADDED, Tone.OK, "added", p.name(),
                "new pool", List.of("pool " + p.name() + " was added", "id " + p.id()))));
        d.poolsRemoved().forEach(p -> out.add(new DiffEntry(DiffEntry.Kind.POOL_REMOVED, Tone.ERROR, "removed",
                p.name(), "no longer reported", List.of("pool " + p.name() + " was removed", "id " + p.id()))));
        for (SnapshotDiff.PoolChange c : d.poolsChanged()) {
            List<String> lines = c.changes().stream().map(DiffText::change).toList();
            String summary = c.changes().stream().limit(SUMMARY_CHANGES).map(v -> shortChange(v))
                    .collect(Collectors.joining("; "));
            if (c.changes().size() > SUMMARY_CHANGES) {
                summary += "; +" + (c.changes().size() - SUMMARY_CHANGES) + " more";
            }
            out.add(new DiffEntry(DiffEntry.Kind.POOL_CHANGED, Tone.WARNING, "changed", c.pool().name(), summary,
                    lines));
        }
        for (SnapshotDiff.DockChange c : d.docks()) {
            String word = c.event().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            Tone tone = switch (c.event()) {
                case DIED -> Tone.ERROR;
                case APPEARED, CAME_BACK -> Tone.OK;
                case STOPPED, DISAPPEARED -> Tone.NEUTRAL;
            };
            out.add(new DiffEntry(DiffEntry.Kind.DOCK, tone, "dock " + word, c.dockId(), "dock " + c.dockId() + " "
                    + word, List.of("dock " + c.dockId() + " " + word)));
        }
        for (SnapshotDiff.ProfileChange p : d.profiles()) {
            String word = switch (p.event()) {
                case ADDED -> "profile added";
                case REMOVED -> "profile removed";
                case EDITED -> "profile edited";
                case MATCHES_CHANGED -> "matches changed";
            };
            String counts = p.before() + " → " + p.after() + " matching pools";
            List<String> lines = new ArrayList<>();
            lines.add("profile " + p.profileId() + ": " + word + ", " + counts);
            p.lost().forEach(x -> lines.add("lost " + x.name()));
            p.gained().forEach(x -> lines.add("gained " + x.name()));
            String summary = counts + (p.lost().isEmpty() ? "" : "; lost " + names(p.lost()))
                    + (p.gained().isEmpty() ? "" : "; gained " + names(p.gained()));
            out.add(new DiffEntry(DiffEntry.Kind.PROFILE, p.after() < p.before() ? Tone.WARNING : Tone.INFO, word,
                    p.profileId(), summary, lines));
        }
        return out;
    }

    /** "AccessProtocol: "iSCSI" → "FC"": the last path segment is what an admin scans for. */
    private static String shortChange(SnapshotDiff.ValueChange v) {
        String line = DiffText.change(v);
        int dot = v.path().lastIndexOf('.');
        return dot < 0 ? line : line.substring(dot + 1);
    }

    private static String names(List<SnapshotDiff.PoolRef> pools) {
        String s = pools.stream().limit(3).map(SnapshotDiff.PoolRef::name).collect(Collectors.joining(", "));
        return pools.size() > 3 ? s + ", +" + (pools.size() - 3) + " more" : s;
    }

    private static String detailsText(DiffEntry e) {
        return e.item() + " — " + e.change() + "\n" + e.details().stream().map(l -> "  " + l)
                .collect(Collectors.joining("\n"));
    }

    // ---- plumbing ------------------------------------------------------------------------------

    /** A one-sentence reason a file could not be used (file + position where there is one). */
    private static final class ReadException extends Exception {
        private static final long serialVersionUID = 1L;

        ReadException(String message) {
            super(message);
        }
    }

    /**
     * Why {@code file} cannot be opened, in one sentence (file + position), or empty when it reads.
     * For the launcher's {@code --snapshot}, which refuses before the window opens.
     */
    public static java.util.Optional<String> problem(Path file) {
        try {
            read(file);
            return java.util.Optional.empty();
        } catch (ReadException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** Worker thread. The model's reader, plus what the views need (every dock has a spec). */
    private static Snapshot read(Path file) throws ReadException {
        String name = name(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ReadException(name + ": file not found");
        } catch (IOException e) {
            throw new ReadException(name + ": cannot read: " + e.getMessage());
        }
        Snapshot s;
        try {
            s = Snapshots.read(bytes, name);
        } catch (ModelParseException e) {
            throw new ReadException(oneLine(e.getMessage()));
        }
        return s;
    }

    /** A unit of work for the worker: returns what to do on the FX thread (the one hand-off). */
    @FunctionalInterface
    private interface Work {
        Runnable call();
    }

    private void run(String what, Work work) {
        if (busy.get()) {
            return; // the view disables its buttons; a second command waits for the first to end
        }
        busy.set(true);
        busyText.set(what);
        try {
            worker.execute(() -> {
                Runnable result;
                try {
                    result = work.call();
                } catch (RuntimeException e) {
                    // A bug must not leave the feature busy forever: say it in one line, log the trace once.
                    LOG.warn("{} failed", what, e);
                    String why = e.toString();
                    result = () -> say(Tone.ERROR, "Failed: " + what.replace("…", "") + ": " + oneLine(why));
                }
                Runnable r = result;
                fx.execute(() -> {
                    busy.set(false);
                    busyText.set("");
                    r.run();
                });
            });
        } catch (RejectedExecutionException e) {
            busy.set(false); // shut down: the window is closing
        }
    }

    /** Runs {@code fxTask} on the FX thread once every command submitted so far has ended. */
    public void whenIdle(Runnable fxTask) {
        try {
            worker.execute(() -> fx.execute(fxTask));
        } catch (RejectedExecutionException e) {
            // shut down: nothing to wait for
        }
    }

    private void say(Tone tone, String text) {
        messageTone.set(tone);
        message.set(text);
    }

    /** Clears the last outcome (the view's ✕). */
    public void dismissMessage() {
        message.set("");
    }

    static String bannerText(OpenedSnapshot s) {
        return "SNAPSHOT taken " + (s.snapshot().takenAt() == null ? "(time unknown)" : TAKEN.format(s.snapshot()
                .takenAt())) + " · etcd revision " + s.revision() + " · " + s.name() + " — read-only";
    }

    private static String describe(String name, Snapshot s) {
        return name + " (revision " + (s.source() == null ? 0 : s.source().revision()) + (s.takenAt() == null ? ""
                : ", taken " + TAKEN.format(s.takenAt())) + ")";
    }

    private static String name(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private static String plural(int n, String one, String many) {
        return String.format(Locale.US, "%,d %s", n, n == 1 ? one : many);
    }

    /** Stops the worker (a running export finishes its temp file or removes it). */
    public void shutdown() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }

    // ---- properties ----------------------------------------------------------------------------

    /** The snapshot file the views show, or null while they show the live estate. */
    public ReadOnlyObjectProperty<OpenedSnapshot> browsing() {
        return browsing.getReadOnlyProperty();
    }

    /** "SNAPSHOT taken … · etcd revision … · file — read-only", or empty while live. */
    public ReadOnlyStringProperty banner() {
        return banner.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }

    /** What is running ("Exporting 10,000 pools at revision 57 to estate.json…"), or empty. */
    public ReadOnlyStringProperty busyText() {
        return busyText.getReadOnlyProperty();
    }

    /** The last command's outcome in one sentence, or empty. */
    public ReadOnlyStringProperty message() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> messageTone() {
        return messageTone.getReadOnlyProperty();
    }

    /** The last comparison, or null before the first. */
    public ReadOnlyObjectProperty<SnapshotDiff> diff() {
        return diff.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty compareTitle() {
        return compareTitle.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Counts> counts() {
        return counts.getReadOnlyProperty();
    }

    public ObservableList<DiffEntry> entries() {
        return entriesView;
    }

    /** The selected entry; the view binds its table's selection here. */
    public ObjectProperty<DiffEntry> selected() {
        return selected;
    }

    /** The selected entry's lines (every changed capability, old → new), or empty. */
    public ReadOnlyStringProperty details() {
        return details.getReadOnlyProperty();
    }
}
