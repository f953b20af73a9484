package com.capreport.dashboard.profiles;

import com.capreport.model.PoolSpec;
import com.capreport.model.match.Blocker;
import com.capreport.model.match.NonMatch;
import com.capreport.model.match.ProfileChange;
import com.capreport.model.match.ProfileReport;
import com.capreport.model.match.Suggestion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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
 * The profiles view: one row per profile with its live match count, and for the selected profile
 * its ranked matches, the pools that fail with their reasons, the blocker and the suggestions.
 * Fed by {@link MatchState}s on the FX thread; also decides which count changes are news
 * (a threshold crossed) and turns them into {@link ProfileAlert}s.
 */
public final class ProfilesViewModel {
    static final String NO_MATCH = "No pool serves this profile";
    static final String ALL_MATCH = "Every pool serves this profile";
    /** A matching pool with its rank (1 = most free capacity). */
    public record MatchRow(int rank, PoolSpec pool) {
        public String where() {
            return ProfileTexts.where(pool);
        }
    }

    /** A pool that does not serve the selected profile, with its reasons. */
    public record GapRow(NonMatch nonMatch) {
        public String where() {
            return ProfileTexts.where(nonMatch.pool());
        }

        public String reasons() {
            return ProfileTexts.reasons(nonMatch.reasons());
        }

        /** One bulleted reason per line, for the wrapping reasons column (a wrapped reason stays one item). */
        public String reasonLines() {
            if (nonMatch.reasons().size() == 1) {
                return nonMatch.reasons().get(0).message();
            }
            return nonMatch.reasons().stream().map(r -> "• " + r.message()).collect(Collectors.joining("\n"));
        }
    }

    private final ObservableList<ProfileRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ProfileRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<MatchRow> matches = FXCollections.observableArrayList();
    private final ObservableList<MatchRow> matchesView = FXCollections.unmodifiableObservableList(matches);
    private final ObservableList<GapRow> nonMatches = FXCollections.observableArrayList();
    private final ObservableList<GapRow> nonMatchesView = FXCollections.unmodifiableObservableList(nonMatches);
    private final ObservableList<String> suggestions = FXCollections.observableArrayList();
    private final ObservableList<String> suggestionsView = FXCollections.unmodifiableObservableList(suggestions);
    private final ObservableList<String> requirements = FXCollections.observableArrayList();
    private final ObservableList<String> requirementsView = FXCollections.unmodifiableObservableList(requirements);
    private final ObservableList<String> unsatisfied = FXCollections.observableArrayList();
    private final ObservableList<String> unsatisfiedView = FXCollections.unmodifiableObservableList(unsatisfied);
    private final ReadOnlyBooleanWrapper invalid = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper noMatchesText = new ReadOnlyStringWrapper(NO_MATCH);
    private final ReadOnlyStringWrapper noGapsText = new ReadOnlyStringWrapper(ALL_MATCH);
    private final ReadOnlyObjectWrapper<ProfileRow> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Select a profile");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper blocker = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper atRisk = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper count = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper atRiskNames = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ProfileAlert> lastAlert = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper syncTime = new ReadOnlyStringWrapper("");
    /** Profiles an alert went out for and that have not recovered: only they get a recovery note. */
    private final Set<String> alerted = new HashSet<>();
    private String selectedId;
    private MatchState state = MatchState.empty();

    /** FX thread. Returns the alerts this state raises (thresholds crossed since the last one), oldest first. */
    public List<ProfileAlert> apply(MatchState s, Instant now) {
        state = s;
        List<ProfileRow> next = s.reports().stream().map(ProfileRow::new).toList();
        rows.setAll(next);
        count.set(next.size());
        List<ProfileRow> risky = next.stream().filter(r -> r.standing() != ProfileRow.Standing.OK).toList();
        atRisk.set(risky.size());
        atRiskNames.set(riskWords(risky));
        syncTime.set(String.format(java.util.Locale.ROOT, "matched in %.0f ms", s.syncNanos() / 1e6));
        Set<String> present = next.stream().map(ProfileRow::id).collect(Collectors.toSet());
        alerted.retainAll(present);
        if (selectedId == null || !present.contains(selectedId)) {
            // Open on something worth reading: the first profile at risk, else the first one.
            selectedId = (risky.isEmpty() ? next : risky).stream().findFirst().map(ProfileRow::id).orElse(null);
        }
        refreshSelection();
        return alerts(s.changes(), now);
    }

    /**
     * FX thread. The alerts of a live state while the views show a snapshot file: thresholds keep
     * being watched (events, notifications), the tables are left alone.
     */
    public List<ProfileAlert> alertsOnly(MatchState s, Instant now) {
        return alerts(s.changes(), now);
    }

    private List<ProfileAlert> alerts(List<ProfileChange> changes, Instant now) {
        List<ProfileAlert> out = new ArrayList<>();
        for (ProfileChange c : changes) {
            int t = c.profile().threshold();
            String id = c.profile().id();
            if (c.before() >= t && c.after() < t) {
                alerted.add(id);
                out.add(new ProfileAlert(c, false, now));
            } else if (c.before() < t && c.after() >= t && alerted.remove(id)) {
                out.add(new ProfileAlert(c, true, now));
            }
        }
        if (!out.isEmpty()) {
            lastAlert.set(out.get(out.size() - 1));
        }
        return out;
    }

    /** Selects a profile by id (null clears); the selection follows the profile across updates. */
    public void select(String profileId) {
        selectedId = profileId;
        refreshSelection();
    }

    private void refreshSelection() {
        Optional<ProfileRow> row = rows.stream().filter(r -> r.id().equals(selectedId)).findFirst();
        ProfileRow before = selected.get();
        selected.set(row.orElse(null));
        if (row.isEmpty()) {
            title.set(rows.isEmpty() ? "No profiles yet: create one with New profile…" : "Select a profile");
            description.set("");
            blocker.set("");
            summary.set("");
            matches.clear();
            nonMatches.clear();
            suggestions.clear();
            requirements.clear();
            unsatisfied.clear();
            invalid.set(false);
            return;
        }
        ProfileRow r = row.get();
        if (before != null && before.report() == r.report()) {
            return; // the same report object: nothing in the details changed
        }
        ProfileReport rep = r.report();
        title.set(r.profile().name() + (r.profile().name().equals(r.id()) ? "" : "  (" + r.id() + ")"));
        description.set(r.profile().description());
        requirements.setAll(r.profile().requirements().entrySet().stream()
                .map(e -> e.getKey() + "  " + e.getValue().trim()).toList());
        if (!rep.errors().isEmpty()) {
            // An invalid profile is matched against nothing: it says so and why, and no list beside it
            // claims that every pool, or no pool, serves it.
            invalid.set(true);
            summary.set("invalid · not matched against any pool");
            blocker.set("Invalid: " + String.join("; ", rep.errors()));
            matches.clear();
            nonMatches.clear();
            suggestions.clear();
            unsatisfied.clear();
            return;
        }
        invalid.set(false);
        int pools = state.estate().pools().size();
        noMatchesText.set(pools == 0 ? "No pools reported yet" : NO_MATCH);
        noGapsText.set(pools == 0 ? "No pools reported yet" : ALL_MATCH);
        summary.set(r.matchText() + " of " + pools + " match"
                + (r.threshold() > 1 ? " · needs at least " + r.threshold() : "")
                + (rep.staleCount() > 0 ? " · " + rep.staleCount() + " stale" : "")
                + (r.profile().storageType() == null ? "" : " · " + r.profile().storageType()));
        // A blocker that excludes every pool is named in the lines below with the others that do.
        blocker.set(rep.excludingAll().isEmpty() ? rep.blocker().map(ProfilesViewModel::blockerLine).orElse("") : "");
        unsatisfied.setAll(unsatisfiedLines(rep));
        List<MatchRow> m = new ArrayList<>();
        for (int i = 0; i < rep.matches().size(); i++) {
            m.add(new MatchRow(i + 1, rep.matches().get(i)));
        }
        matches.setAll(m);
        nonMatches.setAll(rep.nonMatches().stream().map(GapRow::new).toList());
        suggestions.setAll(rep.suggestions().stream().map(Suggestion::message).toList());
    }

    /**
     * Why no pool serves a valid profile: each requirement that alone excludes every usable pool,
     * then the closest pools with what each lacks. Empty when some pool serves it.
     */
    static List<String> unsatisfiedLines(ProfileReport rep) {
        if (!rep.errors().isEmpty() || rep.satisfiable() || rep.nonMatches().isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Blocker b : rep.excludingAll()) {
            out.add("Excludes every usable pool: " + b.requirement() + " (all " + b.pools() + " fail it)");
        }
        if (rep.closest().isEmpty()) {
            out.add("No usable pool: every pool is stale, in error or unavailable");
        } else {
            out.add("Closest pools (fewest failing requirements):");
            rep.closest().forEach(m -> out.add("• " + m.message()));
        }
        return out;
    }

    static String blockerLine(Blocker b) {
        return "Blocker: " + b.path() + " " + b.expression().trim() + " keeps " + ProfileTexts.plural(b.pools(),
                "pool", "pools") + " out";
    }

    /** The report of a profile in the latest state, for the editor's "edit" command. */
    public Optional<ProfileReport> report(String profileId) {
        return state.reports().stream().filter(r -> Objects.equals(r.profile().id(), profileId)).findFirst();
    }

    public Map<String, MatchState.Index> index() {
        return state.index();
    }

    public ObservableList<ProfileRow> rows() {
        return rowsView;
    }

    public ObservableList<MatchRow> matches() {
        return matchesView;
    }

    public ObservableList<GapRow> nonMatches() {
        return nonMatchesView;
    }

    public ObservableList<String> suggestions() {
        return suggestionsView;
    }

    /** Why no pool serves the selected (valid) profile; empty when some pool does. */
    public ObservableList<String> unsatisfied() {
        return unsatisfiedView;
    }

    /** The selected profile has errors: it is matched against nothing, and the pool lists are not shown. */
    public ReadOnlyBooleanProperty invalid() {
        return invalid.getReadOnlyProperty();
    }

    /** What the matches table says when it is empty. */
    public ReadOnlyStringProperty noMatchesText() {
        return noMatchesText.getReadOnlyProperty();
    }

    /** What the non-matches table says when it is empty. */
    public ReadOnlyStringProperty noGapsText() {
        return noGapsText.getReadOnlyProperty();
    }

    public ObservableList<String> requirements() {
        return requirementsView;
    }

    public ReadOnlyObjectProperty<ProfileRow> selected() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty title() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty description() {
        return description.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty blocker() {
        return blocker.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summary() {
        return summary.getReadOnlyProperty();
    }

    /**
     * "gold, silver below their threshold; bronze invalid": an invalid profile is not matched at all,
     * so it is not called "below its threshold" with the ones that are.
     */
    private static String riskWords(List<ProfileRow> risky) {
        String below = risky.stream().filter(r -> r.standing() != ProfileRow.Standing.INVALID)
                .map(r -> r.profile().name()).collect(Collectors.joining(", "));
        String invalid = risky.stream().filter(r -> r.standing() == ProfileRow.Standing.INVALID)
                .map(r -> r.profile().name()).collect(Collectors.joining(", "));
        return (below.isEmpty() ? "" : below + " below their threshold")
                + (below.isEmpty() || invalid.isEmpty() ? "" : "; ")
                + (invalid.isEmpty() ? "" : invalid + " invalid (not matched)");
    }

    /** Profiles below their threshold (or invalid): the header's ⚠ count. */
    public ReadOnlyIntegerProperty atRisk() {
        return atRisk.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty atRiskNames() {
        return atRiskNames.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty count() {
        return count.getReadOnlyProperty();
    }

    /** The latest threshold crossing (down or back up), for an in-app banner and tests. */
    public ReadOnlyObjectProperty<ProfileAlert> lastAlert() {
        return lastAlert.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty syncTime() {
        return syncTime.getReadOnlyProperty();
    }

    public MatchState state() {
        return state;
    }
}
