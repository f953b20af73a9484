package com.capreport.dashboard.attention;

import com.capreport.dashboard.common.Formats;
import com.capreport.model.Estate;
import com.capreport.model.PoolStatus;
import com.capreport.model.attention.Attention;
import com.capreport.model.attention.Kind;
import com.capreport.model.attention.Problem;
import com.capreport.model.attention.Severity;
import com.capreport.model.attention.Target;
import com.capreport.model.match.ProfileReport;
import java.time.Instant;
import com.capreport.model.PoolSpec;
import com.capreport.model.match.Cell;
import com.capreport.model.match.Standing;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Attention view's state: the model's problems of the latest estate and profile reports, worst
 * first, with when this dashboard saw each begin; the headline; the header's problem counts; and
 * the commands that open an item in its view. FX thread; no scene types.
 */
public final class AttentionViewModel {
    private final ObservableList<AttentionRow> rows = FXCollections.observableArrayList();
    private final ObservableList<AttentionRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("Waiting for the estate…");
    private final ReadOnlyBooleanWrapper clear = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper degraded = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper errors = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper invalid = new ReadOnlyIntegerWrapper();
    private final ReadOnlyObjectWrapper<Instant> now = new ReadOnlyObjectWrapper<>(Instant.EPOCH);
    /** Problem (kind + item) → when this dashboard first saw it; survives reloads of the estate. */
    private final ProblemHistory history = new ProblemHistory();
    private Navigator navigator;
    private Estate estate;
    private List<ProfileReport> reports = List.of();
    private boolean profilesKnown;
    /** Set by the first profiles hand-off: profile problems it brings were already so. */
    private boolean profilesBaselined;
    private Attention last;
    private com.capreport.model.KeyLayout layout;

    /** The layout the estate is read under: profile keys that hold no readable profile are invalid profiles. */
    public void layout(com.capreport.model.KeyLayout l) {
        layout = l;
    }
    /** The rows of the estate's problems, before the reader's own (etcd unreachable) goes first. */
    private List<AttentionRow> estateRows = List.of();
    /** While etcd does not answer this dashboard: since when, the revision shown and why. */
    private Instant blindSince;
    private long blindRevision;
    private String blindWhy = "";
    private String endpoints = "etcd";

    public void navigator(Navigator n) {
        this.navigator = n;
    }

    /** The estate hand-off. */
    public void apply(Estate e, Instant at) {
        now.set(at);
        if (e == estate) {
            return;
        }
        estate = e;
        invalid.set(e.invalid().size());
        refresh(at);
    }

    /**
     * The estate hand-off's connection (live only; a snapshot file has none): while etcd does not
     * answer, an "etcd unreachable" row goes first and the headline says the counts are as of then.
     */
    public void connection(boolean connected, Optional<Instant> downSince, long revision, String lastError,
                           String endpointsText, Instant at) {
        Instant blind = connected || revision <= 0 ? null : downSince.orElse(null);
        boolean changed = !java.util.Objects.equals(blind, blindSince) || blind != null;
        blindSince = blind;
        blindRevision = revision;
        blindWhy = lastError == null ? "" : lastError.lines().findFirst().orElse("");
        endpoints = endpointsText;
        now.set(at);
        if (changed && last != null) {
            publish(at);
        }
    }

    /** The profiles hand-off: the latest report per profile. */
    public void profiles(List<ProfileReport> latest, Instant at) {
        reports = List.copyOf(latest);
        profilesKnown = true;
        refresh(at);
        profilesBaselined = true;
    }

    private void refresh(Instant at) {
        if (estate == null) {
            return;
        }
        Attention a = Attention.of(estate, reports, layout);
        // The header counts come from the problems already ranked: no second walk over every pool.
        degraded.set((int) a.problems().stream().filter(p -> p.kind() == Kind.POOL_DEGRADED).count());
        errors.set((int) a.problems().stream().filter(p -> p.kind() == Kind.POOL_ERROR).count());
        boolean first = last == null;
        last = a;
        Set<ProblemHistory.Key> baseline = new HashSet<>();
        for (Problem p : a.problems()) {
            if (first || !profilesBaselined && p.target() instanceof Target.Profile && history.of(p).isEmpty()) {
                baseline.add(ProblemHistory.Key.of(p)); // already so when the dashboard started
            }
        }
        history.observe(a.problems(), baseline, seenFine(estate, reports, profilesKnown), at);
        estateRows = a.problems().stream().map(p -> {
            ProblemHistory.Seen seen = history.of(p).orElseThrow();
            return new AttentionRow(history.earliest(p), seen.atStart() ? null : seen.first(),
                    seen.atStart() ? seen.first() : null);
        }).toList();
        publish(at);
    }

    /** The rows and headline: the estate's problems, after etcd's own while it does not answer. */
    private void publish(Instant at) {
        Attention a = last;
        List<AttentionRow> next = estateRows;
        if (blindSince != null) {
            String asOf = "as of revision " + blindRevision + ", " + Formats.clock(blindSince)
                    + " (before etcd stopped answering)";
            Problem etcd = new Problem(Kind.ETCD_UNREACHABLE, new Target.Etcd(endpoints), "etcd unreachable since "
                    + Formats.clock(blindSince) + " (" + Formats.span(java.time.Duration.between(blindSince, at)) + ")",
                    "this dashboard gets no answer from " + endpoints + (blindWhy.isEmpty() ? "" : " (" + blindWhy + ")")
                            + "; everything listed is " + asOf + ", what changed since is not known. Agents cannot"
                            + " renew their leases either: leases older than their TTL expire when etcd answers"
                            + " again, and are explained then, not reported as crashes", null, "");
            next = new java.util.ArrayList<>(estateRows.size() + 1);
            next.add(new AttentionRow(etcd, blindSince));
            next.addAll(estateRows);
        }
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
        String asOf = blindSince == null ? "" : "As of revision " + blindRevision + ", " + Formats.clock(blindSince)
                + " (before etcd stopped answering): ";
        clear.set(a.clear() && blindSince == null);
        if (a.clear() && blindSince == null) {
            headline.set(a.allClear() + (profilesKnown || a.profiles() == 0 ? "" : " (profiles still being matched)"));
        } else {
            long e = a.count(Severity.ERROR) + (blindSince == null ? 0 : 1);
            long w = a.count(Severity.WARNING);
            headline.set((e == 0 ? "" : e + (e == 1 ? " error" : " errors")) + (e > 0 && w > 0 ? ", " : "")
                    + (w == 0 ? "" : w + (w == 1 ? " warning" : " warnings")) + " — worst first. "
                    + asOf + a.docksAlive() + " of " + a.docks() + " docks alive, " + a.poolsReporting() + " of " + a.pools()
                    + " pools reporting, " + a.profilesMet() + " of " + a.profiles() + " profiles met.");
        }
    }

    /**
     * Whether an item is visible and so a problem it no longer has is over: a live pool (someone
     * reports it), a loop of an alive dock, a dock in the estate, a matched profile, an entry. A pool
     * gone stale because its dock's leases expired (an etcd outage, a reload) is not seen fine.
     */
    static Predicate<Target> seenFine(Estate e, List<ProfileReport> reports, boolean profilesKnown) {
        Function<PoolSpec, Standing> standing = Standing.resolver(e);
        Set<String> live = new HashSet<>();
        for (PoolSpec p : e.pools()) {
            if (standing.apply(p).cell() != Cell.STALE) {
                live.add(p.id());
            }
        }
        Set<String> matched = new HashSet<>();
        reports.forEach(r -> matched.add(r.profile().id()));
        return t -> {
            if (t instanceof Target.Pool p) {
                return live.contains(p.poolId());
            } else if (t instanceof Target.Loop l) {
                return e.dock(l.dockId()).map(d -> d.liveness() == Estate.Liveness.ALIVE).orElse(false);
            } else if (t instanceof Target.Dock d) {
                return e.dock(d.dockId()).isPresent();
            } else if (t instanceof Target.Profile p) {
                return profilesKnown && matched.contains(p.profileId());
            }
            return true;
        };
    }

    /** Opens the problem's item in its view (selected). */
    public void open(AttentionRow row) {
        if (navigator != null && row != null) {
            navigator.open(row.problem().target());
        }
    }

    /** Header: the live pools of this status. */
    public void openPools(PoolStatus status) {
        if (navigator != null) {
            navigator.pools(status);
        }
    }

    /** Header: the invalid entries. */
    public void openInvalid() {
        if (navigator != null) {
            navigator.invalidEntries();
        }
    }

    public ObservableList<AttentionRow> rows() {
        return rowsView;
    }

    public ReadOnlyStringProperty headline() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty clear() {
        return clear.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty degradedCount() {
        return degraded.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty errorCount() {
        return errors.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty invalidCount() {
        return invalid.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> now() {
        return now.getReadOnlyProperty();
    }

    /** The target of a row, for tests. */
    public static Target target(AttentionRow r) {
        return r.problem().target();
    }
}
