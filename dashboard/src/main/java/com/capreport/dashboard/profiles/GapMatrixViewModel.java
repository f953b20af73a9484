package com.capreport.dashboard.profiles;

import com.capreport.model.Estate;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.Cell;
import com.capreport.model.match.Reason;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The gap matrix: one row per pool (so hundreds or thousands of pools scroll in a virtualized
 * table), one column per profile, each cell MATCH / FAILS / STALE with the reasons. Columns change
 * only when profiles come, go or are renamed; rows are replaced per hand-off.
 */
public final class GapMatrixViewModel {
    /** One pool and its effective status; cells are read through {@link #cell} and {@link #reasons}. */
    public record PoolLine(PoolSpec pool, com.capreport.model.PoolStanding standing) {
        /** The standing's words ("available", "stale (dock dead)"): display only. */
        public String status() {
            return standing.words();
        }

        public String where() {
            return ProfileTexts.where(pool);
        }
    }

    private final ObservableList<ProfileSpec> columns = FXCollections.observableArrayList();
    private final ObservableList<ProfileSpec> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final ObservableList<PoolLine> rows = FXCollections.observableArrayList();
    private final ObservableList<PoolLine> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final FilteredList<PoolLine> visible = new FilteredList<>(rows);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(
            "Select a cell to see why a pool does or does not serve a profile.");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private MatchState state = MatchState.empty();
    private String selectedPool;
    private String selectedProfile;

    public GapMatrixViewModel() {
        filter.addListener((o, a, b) -> refilter());
    }

    /** FX thread. */
    public void apply(MatchState s) {
        state = s;
        List<ProfileSpec> profiles = s.reports().stream().map(r -> r.profile()).toList();
        if (!sameColumns(profiles)) {
            columns.setAll(profiles);
        }
        Estate e = s.estate();
        java.util.function.Function<PoolSpec, com.capreport.model.PoolStanding> standing =
                com.capreport.model.PoolStanding.resolver(e);
        rows.setAll(e.pools().stream().map(p -> new PoolLine(p, standing.apply(p))).toList());
        long cells = (long) rows.size() * columns.size();
        long match = s.reports().stream().mapToLong(r -> r.matches().size()).sum();
        summary.set(ProfileTexts.plural(rows.size(), "pool", "pools") + " × " + ProfileTexts.plural(columns.size(),
                "profile", "profiles") + " · " + match + " of " + cells + " cells match");
        refreshDetails();
    }

    private boolean sameColumns(List<ProfileSpec> profiles) {
        if (profiles.size() != columns.size()) {
            return false;
        }
        for (int i = 0; i < profiles.size(); i++) {
            ProfileSpec a = profiles.get(i);
            ProfileSpec b = columns.get(i);
            if (!a.id().equals(b.id()) || !a.name().equals(b.name()) || !a.requirements().equals(b.requirements())) {
                return false;
            }
        }
        return true;
    }

    private void refilter() {
        String f = filter.get() == null ? "" : filter.get().trim().toLowerCase(Locale.ROOT);
        visible.setPredicate(f.isEmpty() ? null : l -> l.where().toLowerCase(Locale.ROOT).contains(f)
                || l.status().toLowerCase(Locale.ROOT).contains(f));
    }

    public Cell cell(String profileId, PoolLine line) {
        return state.cell(profileId, line.pool().id());
    }

    public List<Reason> reasons(String profileId, PoolLine line) {
        return state.reasons(profileId, line.pool().id());
    }

    /** The cell's tooltip: the verdict and one line per reason. */
    public String tooltip(String profileId, PoolLine line) {
        return explain(profileId, line.pool());
    }

    /** Shows a cell in the details area (null clears). */
    public void select(String poolId, String profileId) {
        selectedPool = poolId;
        selectedProfile = profileId;
        refreshDetails();
    }

    private void refreshDetails() {
        if (selectedPool == null || selectedProfile == null) {
            return;
        }
        Optional<PoolSpec> pool = state.estate().pools().stream().filter(p -> p.id().equals(selectedPool)).findFirst();
        if (pool.isEmpty() || state.index().get(selectedProfile) == null) {
            details.set("That pool or profile is gone.");
            return;
        }
        details.set(explain(selectedProfile, pool.get()));
    }

    private String explain(String profileId, PoolSpec pool) {
        Cell c = state.cell(profileId, pool.id());
        String profileName = columns.stream().filter(p -> p.id().equals(profileId)).map(ProfileSpec::name)
                .findFirst().orElse(profileId);
        String head = ProfileTexts.where(pool) + " for profile " + profileName + ": " + word(c);
        if (c == Cell.MATCH) {
            return head + " — serves the profile (" + pool.freeCapacity() + " GiB free)";
        }
        List<Reason> reasons = state.reasons(profileId, pool.id());
        return head + reasons.stream().map(r -> "\n• " + r.message()).collect(Collectors.joining());
    }

    /** Longest capability name written in a cell; longer ones would end in "…". */
    static final int SHORT = 16;

    public String cellText(String profileId, PoolLine line) {
        return cellText(cell(profileId, line), reasons(profileId, line));
    }

    /**
     * "match", "stale", "fails: no MaxIOPS" for one short reason, else "fails (3 reasons)": the
     * cell stays narrow enough for many profile columns; the tooltip and details say it all.
     */
    public static String cellText(Cell cell, List<Reason> reasons) {
        if (cell != Cell.FAILS || reasons.isEmpty()) {
            return word(cell);
        }
        if (reasons.size() == 1) {
            Reason r = reasons.get(0);
            String what = switch (r.kind()) {
                case NOT_REPORTED -> "no " + ProfileTexts.shortPath(r.path());
                case POOL_STATUS -> "pool status";
                case PROFILE_INVALID -> "invalid profile";
                default -> ProfileTexts.shortPath(r.path());
            };
            if (what.length() <= SHORT) {
                return "fails: " + what;
            }
        }
        return "fails (" + ProfileTexts.plural(reasons.size(), "reason", "reasons") + ")";
    }

    /** The cell's word (never colour alone). */
    public static String word(Cell c) {
        return switch (c) {
            case MATCH -> "match";
            case FAILS -> "fails";
            case STALE -> "stale";
        };
    }

    public ObservableList<ProfileSpec> columns() {
        return columnsView;
    }

    public FilteredList<PoolLine> visibleRows() {
        return visible;
    }

    public ObservableList<PoolLine> rows() {
        return rowsView;
    }

    public StringProperty filter() {
        return filter;
    }

    public ReadOnlyStringProperty details() {
        return details.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summary() {
        return summary.getReadOnlyProperty();
    }

    boolean isSelected(String poolId, String profileId) {
        return Objects.equals(poolId, selectedPool) && Objects.equals(profileId, selectedProfile);
    }
}
