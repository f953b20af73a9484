package com.capreport.dashboard.profiles;

import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.profiles.ProfileStore;
import com.capreport.agent.profiles.ProfileWrite;
import com.capreport.dashboard.common.LatestOnly;
import com.capreport.model.Estate;
import com.capreport.model.KeyLayout;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.CapabilityCatalog;
import com.capreport.model.match.Finding;
import com.capreport.model.match.Matcher;
import com.capreport.model.match.ProfileDiff;
import com.capreport.model.match.ProfileReport;
import com.capreport.model.match.ProfileValidator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The profile editor. Every edit re-evaluates the draft against the live estate on a worker
 * ({@link Matcher#evaluate}, {@link ProfileValidator#validate}) and shows what it would match and
 * what is wrong; errors block Save. Save and Delete are compare-and-swaps on the revision the
 * editor opened ({@link ProfileStore}); a refused swap leaves the draft as it is and says, in one
 * sentence, who changed what and what to do.
 */
public final class ProfileEditorViewModel {
    /** Closed, creating a new profile, or editing the one stored at {@link #openedRevision}. */
    public enum Mode { CLOSED, NEW, EDIT }

    /** How the status line reads. */
    public enum Tone { INFO, OK, ERROR }

    /**
     * What the preview worker reads. {@code stored} is the profile at {@link #openedRevision}, or
     * null when there is none (a new profile), {@code create} whether Save creates.
     */
    record Draft(ProfileSpec spec, List<Finding> local, Estate estate, ProfileSpec stored, boolean create,
                 long expectedRevision) {
    }

    /** What the preview worker hands back; {@code review} is what Save would write and its effect. */
    record Preview(Draft draft, CapabilityCatalog catalog, ProfileReport report, List<Finding> findings,
                   SaveReview review) {
    }

    /** A preview for a new profile whose id is not typed yet still needs a valid id. */
    static final String DRAFT_ID = "draft";
    static final int PREVIEW_NAMES = 5;

    private final ProfileStore store;
    private final Executor fx;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "profiles-store");
        t.setDaemon(true);
        return t;
    });
    private final LatestOnly<Draft, Preview> previews;
    /** Worker-only: the catalog is rebuilt when the pools change, not on every keystroke. */
    private Estate catalogOf;
    private CapabilityCatalog catalogCache;

    private final ReadOnlyObjectWrapper<Mode> mode = new ReadOnlyObjectWrapper<>(Mode.CLOSED);
    private final StringProperty id = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty storageType = new SimpleStringProperty("");
    private final StringProperty minMatches = new SimpleStringProperty("");
    private final ObservableList<RequirementRow> requirements = FXCollections.observableArrayList(
            r -> new Observable[] {r.path(), r.operator(), r.value()});
    private final ObservableList<RequirementRow> requirementsView = FXCollections.unmodifiableObservableList(requirements);
    private final ObservableList<String> paths = FXCollections.observableArrayList();
    private final ObservableList<String> pathsView = FXCollections.unmodifiableObservableList(paths);
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ObservableList<Finding> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final ObservableList<Finding> unplaced = FXCollections.observableArrayList();
    private final ObservableList<Finding> unplacedView = FXCollections.unmodifiableObservableList(unplaced);
    private final ReadOnlyStringWrapper blocking = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper previewCount = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Tone> messageTone = new ReadOnlyObjectWrapper<>(Tone.INFO);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    static final String READ_ONLY = "Read-only while a snapshot is shown: Back to live to save or delete; your draft stays here.";
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(false);
    /** While the dashboard shows a snapshot file nothing is written to etcd; the draft stays. */
    private final ReadOnlyBooleanWrapper readOnly = new ReadOnlyBooleanWrapper(false);
    /** What the view's Save follows: a valid draft, and not read-only. */
    private final ReadOnlyBooleanWrapper saveAllowed = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canReload = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyLongWrapper openedRevision = new ReadOnlyLongWrapper(0);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    /** The profile as stored at {@link #openedRevision}, or null: what Save's review compares with. */
    private ProfileSpec loaded;
    private final ReadOnlyObjectWrapper<SaveReview> review = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SaveReview> pending = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper nothingToSave = new ReadOnlyStringWrapper("");
    private CapabilityCatalog catalog = CapabilityCatalog.of(List.of());
    private Estate estate = new Estate(0, List.of(), List.of(), List.of(), List.of());
    /** Loading a profile sets every field: one preview afterwards, not one per field. */
    private boolean filling;

    public ProfileEditorViewModel(ProfileStore store, Executor fx) {
        this.store = store;
        this.fx = fx;
        this.previews = new LatestOnly<>("profiles-preview", this::evaluate, fx, this::showPreview);
        saveAllowed.bind(canSave.and(readOnly.not()));
        InvalidationListener edited = o -> edited();
        id.addListener(edited);
        name.addListener(edited);
        description.addListener(edited);
        storageType.addListener(edited);
        minMatches.addListener(edited);
        requirements.addListener((ListChangeListener<RequirementRow>) c -> {
            while (c.next()) {
                if (c.wasAdded() || c.wasUpdated()) {
                    for (int i = c.getFrom(); i < c.getTo(); i++) {
                        requirements.get(i).describe(catalog);
                    }
                }
            }
            edited();
        });
    }

    /** Every estate hand-off (FX thread): an open editor previews against the live pools. */
    public void estate(Estate e) {
        if (e == estate) {
            return;
        }
        estate = e;
        if (mode.get() != Mode.CLOSED) {
            submitPreview();
        }
    }

    /** Opens an empty draft for a new profile (saved with create-if-absent). */
    public void openNew() {
        fill(new ProfileSpec("new-profile", "", "", null, null, Map.of()));
        loaded = null;
        id.set("");
        name.set("");
        openedRevision.set(0);
        mode.set(Mode.NEW);
        canReload.set(false);
        title.set("New profile");
        say(Tone.INFO, "A new profile is written only if no profile with its id exists.");
        if (requirements.isEmpty()) {
            addRequirement();
        }
        submitPreview();
    }

    /** Reads the profile from etcd with its revision (off the FX thread) and opens it. */
    public void openEdit(String profileId) {
        pending.set(null);
        busy.set(true);
        mode.set(Mode.EDIT);
        canReload.set(true);
        title.set("Edit profile " + profileId);
        say(Tone.INFO, "Reading " + profileId + " from etcd…");
        io.execute(() -> {
            ProfileStore.Lookup l;
            try {
                l = store.get(profileId);
            } catch (EtcdUnavailableException e) {
                fx.execute(() -> done(Tone.ERROR, "Cannot read profile " + profileId + ": " + e.getMessage()));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            ProfileStore.Lookup found = l;
            fx.execute(() -> opened(profileId, found));
        });
    }

    private void opened(String profileId, ProfileStore.Lookup l) {
        if (l instanceof ProfileStore.Lookup.Found f) {
            loaded = f.stored().profile();
            fill(f.stored().profile());
            openedRevision.set(f.stored().revision());
            mode.set(Mode.EDIT);
            title.set("Edit profile " + profileId + " (revision " + f.stored().revision() + ")");
            done(Tone.INFO, "Saving writes only if nobody changed " + profileId + " since revision "
                    + f.stored().revision() + ".");
        } else if (l instanceof ProfileStore.Lookup.Absent) {
            done(Tone.ERROR, "Profile " + profileId + " no longer exists in etcd; close, or Save as a new profile.");
            loaded = null;
            openedRevision.set(0);
            mode.set(Mode.NEW);
        } else if (l instanceof ProfileStore.Lookup.Unreadable u) {
            done(Tone.ERROR, "Profile " + profileId + " is not readable in etcd: " + u.error());
        }
        submitPreview();
    }

    /** Re-reads the stored profile, replacing the draft: what the admin asks for after a conflict. */
    public void reload() {
        String current = id.get() == null ? "" : id.get().trim();
        if (!current.isEmpty() && KeyLayout.isValidSegment(current)) {
            openEdit(current);
        }
    }

    public void close() {
        pending.set(null);
        mode.set(Mode.CLOSED);
        say(Tone.INFO, "");
        canSave.set(false);
    }

    public RequirementRow addRequirement() {
        RequirementRow r = new RequirementRow("", "");
        requirements.add(r);
        return r;
    }

    public void removeRequirement(RequirementRow r) {
        requirements.remove(r);
    }

    private void fill(ProfileSpec p) {
        filling = true;
        try {
            id.set(p.id());
            name.set(p.name());
            description.set(p.description());
            storageType.set(p.storageType() == null ? "" : p.storageType());
            minMatches.set(p.minMatches() == null ? "" : String.valueOf(p.minMatches()));
            requirements.setAll(p.requirements().entrySet().stream()
                    .map(e -> new RequirementRow(e.getKey(), e.getValue())).toList());
        } finally {
            filling = false;
        }
    }

    private void edited() {
        if (!filling && pending.get() != null) {
            // What was reviewed is no longer the draft: the admin presses Save again and sees the new changes.
            pending.set(null);
            say(Tone.INFO, "Draft changed: press Save to review it again.");
        }
        if (!filling && mode.get() != Mode.CLOSED) {
            submitPreview();
        }
    }

    /** FX thread: the draft as a profile, plus what is wrong with it before the matcher sees it. */
    Draft draft() {
        List<Finding> local = new ArrayList<>();
        String i = text(id);
        if (i.isEmpty()) {
            local.add(new Finding(Finding.Severity.ERROR, "id", "a profile needs an id"));
        } else if (!KeyLayout.isValidSegment(i)) {
            local.add(new Finding(Finding.Severity.ERROR, "id", "'" + i + "' cannot be an etcd key segment ("
                    + KeyLayout.SEGMENT_RULE + ")"));
        }
        Integer min = null;
        String m = text(minMatches);
        if (!m.isEmpty()) {
            try {
                min = Integer.valueOf(m);
                if (min < 0) {
                    local.add(new Finding(Finding.Severity.ERROR, "minMatches", "must not be negative"));
                    min = null;
                }
            } catch (NumberFormatException e) {
                local.add(new Finding(Finding.Severity.ERROR, "minMatches", "'" + m + "' is not a whole number"));
            }
        }
        Map<String, String> reqs = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (RequirementRow r : requirements) {
            String p = r.pathText();
            if (p.isEmpty()) {
                if (!text(r.value()).isEmpty()) {
                    local.add(new Finding(Finding.Severity.ERROR, "", "a requirement with value '" + text(r.value())
                            + "' has no capability path"));
                }
                continue;
            }
            if (!seen.add(p)) {
                local.add(new Finding(Finding.Severity.ERROR, p, "appears twice; a profile has one requirement per path"));
                continue;
            }
            reqs.put(p, r.expression());
        }
        String safeId = local.stream().anyMatch(f -> f.path().equals("id")) ? DRAFT_ID : i;
        ProfileSpec spec = new ProfileSpec(safeId, kept(name, loaded == null ? null : loaded.name()),
                kept(description, loaded == null ? null : loaded.description()),
                kept(storageType, loaded == null ? null : loaded.storageType()), min, reqs);
        boolean create = mode.get() != Mode.EDIT;
        return new Draft(spec, local, estate, create ? null : loaded, create, openedRevision.get());
    }

    /** A field the admin left as loaded is written back as stored (not trimmed): an unchanged form writes nothing new. */
    private static String kept(StringProperty p, String stored) {
        String shown = stored == null ? "" : stored;
        return stored != null && shown.equals(p.get()) ? stored : text(p);
    }

    private static String text(StringProperty p) {
        return p.get() == null ? "" : p.get().trim();
    }

    private void submitPreview() {
        canSave.set(false); // until the worker has validated this very draft
        previews.submit(draft());
    }

    private Preview evaluate(Draft d) {
        if (d.estate() != catalogOf) {
            catalogCache = CapabilityCatalog.of(d.estate().pools());
            catalogOf = d.estate();
        }
        return assess(d, catalogCache);
    }

    /** Worker or writer thread: the draft's matches and findings, and what saving it would change. */
    static Preview assess(Draft d, CapabilityCatalog catalog) {
        ProfileReport report = Matcher.evaluate(d.spec(), d.estate());
        List<Finding> all = new ArrayList<>(d.local());
        all.addAll(ProfileValidator.validate(d.spec(), d.estate().pools()));
        int before = d.stored() == null ? -1 : Matcher.evaluate(d.stored(), d.estate()).matches().size();
        ProfileDiff diff = ProfileDiff.between(d.stored(), d.spec());
        SaveReview review = new SaveReview(d.spec(), d.create(), d.expectedRevision(), diff, before,
                report.errors().isEmpty() ? report.matches().size() : 0, diff.bareOnNumbers(catalog));
        return new Preview(d, catalog, report, all, review);
    }

    private void showPreview(Preview p) {
        if (mode.get() == Mode.CLOSED) {
            return;
        }
        if (p.catalog() != catalog) {
            catalog = p.catalog();
            List<String> want = new ArrayList<>(catalog.paths());
            requirements.forEach(r -> {
                String path = text(r.path());
                if (!path.isEmpty() && !want.contains(path)) {
                    want.add(path); // a stored path nobody reports stays choosable (and is warned about)
                }
            });
            if (!want.equals(paths)) {
                paths.setAll(want);
            }
            requirements.forEach(r -> r.describe(catalog));
        }
        findings.setAll(p.findings());
        Set<String> placed = new HashSet<>();
        for (RequirementRow r : requirements) {
            String path = text(r.path());
            List<Finding> mine = path.isEmpty() ? List.of() : p.findings().stream().filter(f -> f.path().equals(path))
                    .toList();
            r.problems(mine);
            if (!mine.isEmpty()) {
                placed.add(path);
            }
        }
        unplaced.setAll(p.findings().stream().filter(f -> !placed.contains(f.path())).toList());
        long errors = p.findings().stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        blocking.set(errors == 0 ? "" : "Save is off until " + (errors == 1 ? "the error" : "the " + errors + " errors")
                + " marked in red " + (errors == 1 ? "is" : "are") + " fixed.");
        ProfileReport r = p.report();
        previewCount.set(r.matches().size());
        preview.set(previewText(r, p.draft().estate()));
        review.set(p.review());
        boolean unchanged = p.review().unchanged();
        nothingToSave.set(unchanged ? "Nothing to save: the draft is the same as revision " + openedRevision.get() + "."
                : "");
        canSave.set(!busy.get() && pending.get() == null && !unchanged && !ProfileValidator.hasErrors(p.findings()));
    }

    static String previewText(ProfileReport r, Estate estate) {
        if (!r.errors().isEmpty()) {
            return "Would match nothing: " + r.errors().get(0);
        }
        List<PoolSpec> m = r.matches();
        if (m.isEmpty()) {
            return "Would match no pool of " + estate.pools().size()
                    + r.blocker().map(b -> " (" + b.path() + " " + b.expression().trim() + " keeps "
                    + ProfileTexts.plural(b.pools(), "pool", "pools") + " out)").orElse("");
        }
        String names = m.stream().limit(PREVIEW_NAMES).map(com.capreport.model.PoolNames::of)
                .collect(Collectors.joining(", "));
        return "Would match " + ProfileTexts.plural(m.size(), "pool", "pools") + ": " + names
                + (m.size() > PREVIEW_NAMES ? ", … and " + (m.size() - PREVIEW_NAMES) + " more" : "");
    }

    /**
     * Writes the draft: create-if-absent for a new profile, update at the opened revision
     * otherwise. Validates and reviews again on the writer thread, so a stale preview can never let
     * an error through: a draft equal to the stored revision writes nothing, and one that drops
     * matches or leaves a number-only path with a bare value waits in {@link #pendingReview} for
     * {@link #confirmSave} or {@link #backToEditing}.
     */
    public void save() {
        Draft d = draft();
        if (mode.get() == Mode.CLOSED || busy.get() || pending.get() != null) {
            return;
        }
        if (readOnly.get()) {
            say(Tone.ERROR, READ_ONLY);
            return;
        }
        if (ProfileValidator.hasErrors(d.local())) {
            say(Tone.ERROR, "Not saved: " + d.local().get(0).line());
            return;
        }
        ProfileSpec spec = d.spec();
        busy.set(true);
        canSave.set(false);
        say(Tone.INFO, "Checking " + spec.id() + "…");
        io.execute(() -> {
            Preview p = assess(d, CapabilityCatalog.of(d.estate().pools()));
            SaveReview r = p.review();
            if (ProfileValidator.hasErrors(p.findings())) {
                Finding first = p.findings().stream().filter(x -> x.severity() == Finding.Severity.ERROR).findFirst()
                        .orElseThrow();
                fx.execute(() -> done(Tone.ERROR, "Not saved: " + first.line()));
            } else if (r.unchanged()) {
                // nothingToSave already says so beside the buttons; the status line does not repeat it.
                fx.execute(() -> done(Tone.INFO, ""));
            } else if (r.needsConfirmation()) {
                fx.execute(() -> {
                    pending.set(r);
                    done(Tone.INFO, "Not saved yet: check the changes below, then Save anyway or go back to editing.");
                });
            } else {
                write(r);
            }
        });
    }

    /** The inline confirmation's "Save anyway": writes exactly what was reviewed, at the revision reviewed. */
    public void confirmSave() {
        SaveReview r = pending.get();
        if (r == null || busy.get() || mode.get() == Mode.CLOSED) {
            return;
        }
        if (readOnly.get()) {
            say(Tone.ERROR, READ_ONLY);
            return;
        }
        pending.set(null);
        busy.set(true);
        canSave.set(false);
        io.execute(() -> write(r));
    }

    /** The inline confirmation's "Back to editing": nothing is written, the draft stays. */
    public void backToEditing() {
        if (pending.get() != null) {
            pending.set(null);
            say(Tone.INFO, "Nothing was written; the draft is still here.");
            submitPreview();
        }
    }

    /** Writer thread: the compare-and-swap of a reviewed, validated draft. */
    private void write(SaveReview r) {
        ProfileSpec spec = r.spec();
        fx.execute(() -> say(Tone.INFO, "Saving " + spec.id() + "…"));
        ProfileWrite w;
        try {
            w = r.create() ? store.create(spec) : store.update(spec, r.expectedRevision());
        } catch (EtcdUnavailableException e) {
            fx.execute(() -> done(Tone.ERROR, "Not saved: " + e.getMessage() + "; your draft is kept, try again."));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ProfileWrite result = w;
        fx.execute(() -> saved(r, result));
    }

    private void saved(SaveReview r, ProfileWrite w) {
        ProfileSpec spec = r.spec();
        if (w instanceof ProfileWrite.Written ok) {
            loaded = spec;
            openedRevision.set(ok.revision());
            mode.set(Mode.EDIT);
            canReload.set(true);
            title.set("Edit profile " + spec.id() + " (revision " + ok.revision() + ")");
            done(Tone.OK, "Saved profile " + spec.id() + " at revision " + ok.revision() + " (" + r.effect() + ").");
        } else if (w instanceof ProfileWrite.Conflict c) {
            if (c.expectedRevision() == 0) {
                canReload.set(true);
                done(Tone.ERROR, "Not saved: a profile " + c.id() + " was created by someone else since you opened "
                        + "the editor (revision new → " + c.currentRevision() + "); reload to see it, or choose another id.");
            } else if (c.currentRevision() == 0) {
                // Re-creating is now the only write that can succeed; the next Save does it, deliberately.
                mode.set(Mode.NEW);
                openedRevision.set(0);
                loaded = null;
                done(Tone.ERROR, "Not saved: profile " + c.id() + " was deleted by someone else since you opened it "
                        + "(revision " + c.expectedRevision() + " → deleted); Save again to re-create it.");
            } else {
                done(Tone.ERROR, conflictSentence("Not saved", c));
            }
        } else if (w instanceof ProfileWrite.Missing miss) {
            done(Tone.ERROR, "Not saved: " + miss.message());
        }
        submitPreview();
    }

    static String conflictSentence(String what, ProfileWrite.Conflict c) {
        return what + ": profile " + c.id() + " was changed by someone else since you opened it (revision "
                + c.expectedRevision() + " → " + c.currentRevision() + "); reload to see their version — your draft "
                + "stays here until you do.";
    }

    /** Deletes the stored profile if nobody changed it since the editor opened it. */
    public void delete() {
        if (mode.get() != Mode.EDIT || busy.get() || openedRevision.get() <= 0) {
            return;
        }
        if (readOnly.get()) {
            say(Tone.ERROR, READ_ONLY);
            return;
        }
        String pid = text(id);
        long expected = openedRevision.get();
        busy.set(true);
        canSave.set(false);
        io.execute(() -> {
            ProfileWrite w;
            try {
                w = store.delete(pid, expected);
            } catch (EtcdUnavailableException e) {
                fx.execute(() -> done(Tone.ERROR, "Not deleted: " + e.getMessage()));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            ProfileWrite result = w;
            fx.execute(() -> {
                if (result instanceof ProfileWrite.Written) {
                    busy.set(false);
                    close();
                    say(Tone.OK, "Deleted profile " + pid + ".");
                } else if (result instanceof ProfileWrite.Conflict c) {
                    done(Tone.ERROR, c.currentRevision() == 0 ? "Profile " + pid + " was already deleted by someone else."
                            : conflictSentence("Not deleted", c));
                    submitPreview();
                } else if (result instanceof ProfileWrite.Missing miss) {
                    done(Tone.ERROR, miss.message());
                }
            });
        });
    }

    private void done(Tone tone, String text) {
        busy.set(false);
        say(tone, text);
    }

    private void say(Tone tone, String text) {
        messageTone.set(tone);
        message.set(text);
    }

    public ReadOnlyObjectProperty<Mode> mode() {
        return mode.getReadOnlyProperty();
    }

    public StringProperty id() {
        return id;
    }

    public StringProperty name() {
        return name;
    }

    public StringProperty description() {
        return description;
    }

    public StringProperty storageType() {
        return storageType;
    }

    public StringProperty minMatches() {
        return minMatches;
    }

    public ObservableList<RequirementRow> requirements() {
        return requirementsView;
    }

    /** Capability paths reported by at least one pool (plus any the draft already uses). */
    public ObservableList<String> paths() {
        return pathsView;
    }

    public ObservableList<Finding> findings() {
        return findingsView;
    }

    /** Findings that belong to no requirement line (id, minMatches, …): listed under the preview. */
    public ObservableList<Finding> unplacedFindings() {
        return unplacedView;
    }

    /** Why Save is off, in one sentence, or empty. */
    public ReadOnlyStringProperty blocking() {
        return blocking.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty preview() {
        return preview.getReadOnlyProperty();
    }

    /** How many pools the draft would match (-1 before the first preview). */
    public ReadOnlyIntegerProperty previewCount() {
        return previewCount.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty message() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> messageTone() {
        return messageTone.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busy() {
        return busy.getReadOnlyProperty();
    }

    /** Whether Save may be pressed: the draft validated and the dashboard is not showing a snapshot. */
    public ReadOnlyBooleanProperty canSave() {
        return saveAllowed.getReadOnlyProperty();
    }

    /** True while the dashboard shows a snapshot file: Save, Delete and New are off, the draft is kept. */
    public ReadOnlyBooleanProperty readOnly() {
        return readOnly.getReadOnlyProperty();
    }

    /** FX thread; the snapshot feature switches writing off while a snapshot file is shown. */
    public void readOnly(boolean on) {
        readOnly.set(on);
    }

    /** Editing a stored profile, or a create refused because someone else created that id. */
    public ReadOnlyBooleanProperty canReload() {
        return canReload.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty openedRevision() {
        return openedRevision.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty title() {
        return title.getReadOnlyProperty();
    }

    /** What Save would write against the stored revision, per the latest preview (null before the first). */
    public ReadOnlyObjectProperty<SaveReview> review() {
        return review.getReadOnlyProperty();
    }

    /** A Save waiting for "Save anyway" or "Back to editing" (null when none): the inline confirmation. */
    public ReadOnlyObjectProperty<SaveReview> pendingReview() {
        return pending.getReadOnlyProperty();
    }

    /** "Nothing to save: …" while the draft equals the stored revision, else empty. */
    public ReadOnlyStringProperty nothingToSave() {
        return nothingToSave.getReadOnlyProperty();
    }

    /** The hint of a path for the picker's cells: types and samples. */
    public String describePath(String path) {
        return catalog.entry(path).map(e -> e.types().stream().map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining("/")) + " · " + ProfileTexts.plural(e.pools(), "pool", "pools")
                + (e.samples().isEmpty() ? "" : " · e.g. " + String.join(", ", e.shownSamples()))).orElse("not reported");
    }

    /** Stops the preview worker and the store thread; the jetcd client belongs to the caller. */
    public void shutdown() {
        previews.close();
        io.shutdownNow();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
