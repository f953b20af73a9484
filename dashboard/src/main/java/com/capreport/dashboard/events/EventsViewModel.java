package com.capreport.dashboard.events;

import com.capreport.agent.acks.AckStore;
import com.capreport.agent.acks.AckWrite;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.dashboard.profiles.ProfileRow;
import com.capreport.model.Ack;
import com.capreport.model.AckTarget;
import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The events panel: what changed between consecutive estates (docks dying and coming back, loops
 * dying, backends failing and recovering), newest first, capped; and what is wrong now (open
 * problems) with the acknowledgements every dashboard shares through etcd. The first estate is the
 * baseline: an admin opening the dashboard should not get a notification per dock that was
 * already there. The badge counts open problems that nobody acknowledged, not history.
 */
public final class EventsViewModel {
    static final int MAX = 2000;

    /** Which severities the history shows. */
    public enum SeverityFilter {
        ALL("all severities"), WARNINGS("warnings and errors"), ERRORS("errors only");

        private final String words;

        SeverityFilter(String words) {
            this.words = words;
        }

        boolean admits(EstateEvents.Severity s) {
            return switch (this) {
                case ALL -> true;
                case WARNINGS -> s != EstateEvents.Severity.INFO;
                case ERRORS -> s == EstateEvents.Severity.ERROR;
            };
        }

        @Override
        public String toString() {
            return words;
        }
    }

    private final Clock clock;
    private final ObservableList<EstateEvents.Event> events = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would hold listeners only weakly and lose them to GC.
    private final ObservableList<EstateEvents.Event> eventsView = FXCollections.unmodifiableObservableList(events);
    private final FilteredList<EstateEvents.Event> shown = new FilteredList<>(eventsView);
    private final ObjectProperty<SeverityFilter> severityFilter = new SimpleObjectProperty<>(SeverityFilter.ALL);
    private final StringProperty textFilter = new SimpleStringProperty("");
    private final BooleanProperty openOnly = new SimpleBooleanProperty(false);
    private final ObservableList<ProblemRow> problems = FXCollections.observableArrayList();
    private final ObservableList<ProblemRow> problemsView = FXCollections.unmodifiableObservableList(problems);
    private final ReadOnlyIntegerWrapper openCount = new ReadOnlyIntegerWrapper();
    private final ObjectProperty<ProblemRow> selectedProblem = new SimpleObjectProperty<>();
    private final StringProperty ackReason = new SimpleStringProperty("");
    private final ObjectProperty<AckExpiry> ackExpiry = new SimpleObjectProperty<>(AckExpiry.ONE_HOUR);
    private final ReadOnlyStringWrapper ackMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper ackBusy = new ReadOnlyBooleanWrapper(false);
    private Estate last;
    private List<ProfileRow> profileRows = List.of();
    /** The open problems' targets at the last refresh: a target leaving it was resolved. */
    private Set<AckTarget> openBefore = Set.of();
    /** Acks this dashboard already asked etcd to remove (id @ at), so it asks once. */
    private final Set<String> removing = new HashSet<>();
    private AckStore store;
    private String user = "";
    private Executor fx = Runnable::run;
    private ExecutorService io;

    public EventsViewModel() {
        this(Clock.systemUTC());
    }

    public EventsViewModel(Clock clock) {
        this.clock = clock;
        shown.predicateProperty().bind(Bindings.createObjectBinding(this::filter, severityFilter, textFilter, openOnly,
                problems));
    }

    /** Lets the admin acknowledge: writes go to {@code store} on a background thread, results come back on {@code fx}. */
    public void connect(AckStore store, String user, Executor fx) {
        this.store = store;
        this.user = user;
        this.fx = fx;
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "acks-io");
            t.setDaemon(true);
            return t;
        });
    }

    /** Returns the new events (for notifications), oldest first. */
    public List<EstateEvents.Event> apply(Estate estate, Instant now) {
        if (estate == last) {
            refresh(); // acks expire with time, not only with etcd changes
            return List.of();
        }
        Estate before = last;
        last = estate;
        refresh();
        if (before == null) {
            return List.of();
        }
        List<EstateEvents.Event> fresh = EstateEvents.between(before, estate, now);
        add(fresh);
        return fresh;
    }

    /** While etcd does not answer this dashboard: since when. */
    private Instant downFrom;
    /** An outage that ended with no lease lost so far, and until when leases may still expire because of it. */
    private com.capreport.model.Outage quietOutage;
    private Instant quietUntil;

    /**
     * The live connection, from each hand-off and the 1 s tick. An outage in which leases expired is
     * told by the estate's own "etcd-outage" event; one in which none did gets its entry here, once
     * the time in which its leases could still expire has passed: one entry per outage either way.
     */
    public void connection(boolean connected, Optional<Instant> downSince, Instant now) {
        if (!connected) {
            if (downFrom == null && downSince.isPresent() && last != null) {
                downFrom = downSince.get();
            }
            return;
        }
        if (downFrom != null) {
            quietOutage = new com.capreport.model.Outage(downFrom, now.isBefore(downFrom) ? downFrom : now);
            java.time.Duration grace = last == null ? com.capreport.model.LivenessTracker.grace(null)
                    : last.docks().stream().flatMap(d -> d.alive().stream()).map(com.capreport.model.LivenessTracker::grace)
                    .max(java.util.Comparator.naturalOrder()).orElse(com.capreport.model.LivenessTracker.grace(null));
            quietUntil = now.plus(grace);
            downFrom = null;
        }
        if (quietOutage != null && now.isAfter(quietUntil)) {
            com.capreport.model.Outage o = quietOutage;
            quietOutage = null;
            boolean told = events.stream().anyMatch(e -> e.kind().equals("etcd-outage") && !e.at().isBefore(o.from()));
            if (!told) {
                add(List.of(new EstateEvents.Event(o.to(), EstateEvents.Severity.INFO, "etcd-outage", "", "",
                        "etcd unreachable for " + o.lengthWords() + " (" + o.spanWords() + "); no lease expired:"
                                + " every agent renewed its leases in time")));
            }
        }
    }

    /** The profiles' standing (live), for profiles below their threshold. */
    public void profiles(List<ProfileRow> rows) {
        profileRows = List.copyOf(rows);
        refresh();
    }

    /** Events that other features raise (profiles at risk), newest first like the estate's own. */
    public void add(List<EstateEvents.Event> more) {
        for (EstateEvents.Event e : more) {
            events.add(0, e);
        }
        if (events.size() > MAX) {
            events.remove(MAX, events.size());
        }
    }

    private void refresh() {
        if (last == null) {
            return;
        }
        Instant now = clock.instant();
        List<Problem> open = OpenProblems.of(last, profileRows);
        List<ProblemRow> rows = open.stream().map(p -> new ProblemRow(p, last.ack(p.target(), now))).toList();
        if (!rows.equals(problems)) {
            AckTarget selected = Optional.ofNullable(selectedProblem.get()).map(r -> r.problem().target()).orElse(null);
            problems.setAll(rows);
            selectedProblem.set(rows.stream().filter(r -> r.problem().target().equals(selected)).findFirst()
                    .orElse(null));
        }
        openCount.set((int) rows.stream().filter(r -> !r.acknowledged()).count());
        Set<AckTarget> openNow = open.stream().map(Problem::target).collect(Collectors.toSet());
        tidyAcks(now, openNow);
        openBefore = openNow;
    }

    /**
     * Removes acks that are no longer due: expired ones, and "until resolved" ones whose problem
     * this dashboard saw resolve. Each removal compares on the mod revision it reads, so a fresh
     * ack written meanwhile stays.
     */
    private void tidyAcks(Instant now, Set<AckTarget> openNow) {
        if (store == null) {
            return;
        }
        for (Ack a : last.acks()) {
            boolean expired = !a.activeAt(now);
            boolean resolved = a.expiresAt() == null && openBefore.contains(a.target()) && !openNow.contains(a.target());
            if ((expired || resolved) && removing.add(a.id() + "@" + a.at())) {
                Instant at = a.at();
                Predicate<Ack> due = expired ? x -> !x.activeAt(now) : x -> x.expiresAt() == null && x.at().equals(at);
                io.execute(() -> {
                    try {
                        store.removeIf(a.target(), due);
                    } catch (EtcdUnavailableException e) {
                        fx.execute(() -> removing.remove(a.id() + "@" + at)); // try again on a later refresh
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
    }

    /** The targets whose problems are acknowledged now: they do not notify. */
    public Set<AckTarget> acknowledged() {
        return problems.stream().filter(ProblemRow::acknowledged).map(r -> r.problem().target())
                .collect(Collectors.toSet());
    }

    /** Selects the open problem of {@code target}, if there is one (a notification's "Acknowledge…"). */
    public void selectProblem(AckTarget target) {
        problems.stream().filter(r -> r.problem().target().equals(target)).findFirst().ifPresent(selectedProblem::set);
    }

    /** Writes an ack for the selected problem with the reason and expiry in the form. FX thread. */
    public void acknowledge() {
        ProblemRow r = selectedProblem.get();
        if (r == null) {
            ackMessage.set("Select an open problem first.");
            return;
        }
        if (store == null) {
            ackMessage.set("Not connected to etcd: acknowledgements cannot be written.");
            return;
        }
        Instant now = clock.instant();
        Ack ack;
        try {
            ack = new Ack(r.problem().target(), ackReason.get(), user, now,
                    ackExpiry.get().from(now).orElse(null));
        } catch (IllegalArgumentException e) {
            ackMessage.set("Not acknowledged: " + e.getMessage());
            return;
        }
        write(() -> store.put(ack), w -> {
            if (w instanceof AckWrite.Written) {
                ackReason.set("");
                return "Acknowledged " + ack.target().describe() + " " + ackExpiry.get()
                        + "; every dashboard on this etcd sees it.";
            }
            return message(w);
        });
    }

    /** Removes the selected problem's acknowledgement. FX thread. */
    public void unacknowledge() {
        ProblemRow r = selectedProblem.get();
        if (r == null || !r.acknowledged() || store == null) {
            return;
        }
        AckTarget t = r.problem().target();
        write(() -> store.remove(t), w -> w instanceof AckWrite.Written ? "Acknowledgement of " + t.describe()
                + " removed." : message(w));
    }

    private static String message(AckWrite w) {
        if (w instanceof AckWrite.Refused f) {
            return "Not written: " + f.message();
        }
        return "Nothing changed: another admin changed this acknowledgement meanwhile.";
    }

    private interface Write {
        AckWrite run() throws EtcdUnavailableException, InterruptedException;
    }

    private void write(Write w, java.util.function.Function<AckWrite, String> done) {
        ackBusy.set(true);
        ackMessage.set("Writing to etcd…");
        io.execute(() -> {
            try {
                AckWrite result = w.run();
                fx.execute(() -> {
                    ackBusy.set(false);
                    ackMessage.set(done.apply(result));
                });
            } catch (EtcdUnavailableException e) {
                fx.execute(() -> {
                    ackBusy.set(false);
                    ackMessage.set("Not written: " + e.getMessage());
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private Predicate<EstateEvents.Event> filter() {
        SeverityFilter sev = severityFilter.get();
        String text = textFilter.get() == null ? "" : textFilter.get().strip().toLowerCase(Locale.ROOT);
        Set<AckTarget> open = openOnly.get() ? problems.stream().map(r -> r.problem().target())
                .collect(Collectors.toSet()) : null;
        return e -> sev.admits(e.severity())
                && (text.isEmpty() || (e.kind() + " " + e.dockId() + " " + e.backend() + " " + e.message())
                        .toLowerCase(Locale.ROOT).contains(text))
                && (open == null || EventSources.of(e).map(open::contains).orElse(false));
    }

    public ObservableList<EstateEvents.Event> events() {
        return eventsView;
    }

    /** The history as filtered. */
    public ObservableList<EstateEvents.Event> shown() {
        return shown;
    }

    public ObservableList<ProblemRow> problems() {
        return problemsView;
    }

    /** Open problems nobody acknowledged: the navigation badge. */
    public ReadOnlyIntegerProperty openCount() {
        return openCount.getReadOnlyProperty();
    }

    public ObjectProperty<SeverityFilter> severityFilter() {
        return severityFilter;
    }

    public StringProperty textFilter() {
        return textFilter;
    }

    public BooleanProperty openOnly() {
        return openOnly;
    }

    public ObjectProperty<ProblemRow> selectedProblem() {
        return selectedProblem;
    }

    public StringProperty ackReason() {
        return ackReason;
    }

    public ObjectProperty<AckExpiry> ackExpiry() {
        return ackExpiry;
    }

    public ReadOnlyStringProperty ackMessage() {
        return ackMessage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty ackBusy() {
        return ackBusy.getReadOnlyProperty();
    }

    public Instant now() {
        return clock.instant();
    }

    public void shutdown() {
        if (io != null) {
            io.shutdownNow();
        }
    }
}
