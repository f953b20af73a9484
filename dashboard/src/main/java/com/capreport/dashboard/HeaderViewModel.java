package com.capreport.dashboard;

import com.capreport.agent.etcd.EstateWatcher;
import com.capreport.agent.etcd.EstateUpdate;
import com.capreport.dashboard.common.Formats;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.Estate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The status bar: etcd connection, dock and pool counts, and the "etcd unreachable" banner. */
public final class HeaderViewModel {
    private final String endpointsText;
    private final ReadOnlyStringWrapper etcd = new ReadOnlyStringWrapper("etcd ● connecting…");
    private final ReadOnlyStringWrapper etcdDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Tone> etcdTone = new ReadOnlyObjectWrapper<>(Tone.INFO);
    private final ReadOnlyBooleanWrapper bannerVisible = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper docksAlive = new ReadOnlyStringWrapper("0 alive");
    /** OK while the counts are live; NEUTRAL while etcd does not answer and they are only as of its last answer. */
    private final ReadOnlyObjectWrapper<Tone> docksTone = new ReadOnlyObjectWrapper<>(Tone.OK);
    private final ReadOnlyStringWrapper docksDead = new ReadOnlyStringWrapper("0 dead");
    private final ReadOnlyStringWrapper docksStopped = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper docksUnknown = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pools = new ReadOnlyStringWrapper("0 pools");
    private final ReadOnlyStringWrapper stale = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper profiles = new ReadOnlyStringWrapper("0 profiles");
    private final ReadOnlyStringWrapper profilesAtRisk = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper profilesAtRiskNames = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper profilesInvalid = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper profilesInvalidNames = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyIntegerWrapper invalid = new javafx.beans.property.ReadOnlyIntegerWrapper();

    /**
     * Where the shown estate comes from: etcd (live), or a snapshot file opened at start with no live
     * connection at all ({@code --snapshot}): then there is no etcd to be connected to or unreachable.
     */
    public sealed interface Source {
        /** The live estate from etcd (a snapshot opened from a live session still has its live connection). */
        record Live() implements Source {
        }

        /** A snapshot file opened at start, being read; nothing is connected to etcd. */
        record OpeningSnapshot(String name) implements Source {
        }

        /** A snapshot file opened at start, shown offline: every age is as of {@code takenAt}. */
        record OfflineSnapshot(String name, Optional<Instant> takenAt, long revision) implements Source {
        }
    }

    private static final DateTimeFormatter TAKEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private final ReadOnlyObjectWrapper<Source> source = new ReadOnlyObjectWrapper<>(new Source.Live());

    public HeaderViewModel(String endpointsText) {
        this.endpointsText = endpointsText;
    }

    /** Switches the header between live and an offline snapshot (FX thread). */
    public void source(Source s) {
        source.set(java.util.Objects.requireNonNull(s));
        if (!(s instanceof Source.Live)) {
            // No live connection is made: no etcd status to report, no outage to announce.
            bannerVisible.set(false);
            banner.set("");
            etcdTone.set(Tone.INFO);
            etcd.set(sourceText(s)); // the revision and file name are in the snapshot bar under the header
            etcdDetail.set(sourceText(s));
        }
    }

    public ReadOnlyObjectProperty<Source> sourceProperty() {
        return source.getReadOnlyProperty();
    }

    static String sourceText(Source s) {
        if (s instanceof Source.OpeningSnapshot o) {
            return "snapshot " + o.name() + " · opening…";
        }
        if (s instanceof Source.OfflineSnapshot o) {
            return "snapshot taken " + o.takenAt().map(TAKEN::format).orElse("(time unknown)")
                    + " · offline";
        }
        return "etcd";
    }

    /** The counts of a shown estate without any connection state (an offline snapshot). */
    public void applyOffline(Estate e) {
        counts(e);
        docksTone.set(Tone.OK);
    }

    public void apply(EstateUpdate u) {
        if (!(source.get() instanceof Source.Live)) {
            counts(u.estate());
            docksTone.set(Tone.OK);
            return;
        }
        EstateWatcher.Connection c = u.connection();
        // The badge says the state in a few words (the header must not cut it at 1280 px); the
        // endpoints and the revision are on hover.
        String n = u.endpoints() + (u.endpoints() == 1 ? " endpoint" : " endpoints");
        if (c.connected()) {
            etcd.set("etcd ● connected");
            etcdDetail.set("etcd: " + n + " (" + endpointsText + ") · connected · revision " + c.revision());
            etcdTone.set(Tone.OK);
            boolean alarm = !u.estate().alarms().isEmpty();
            if (alarm) {
                etcd.set("etcd ● ALARM, refuses writes");
                etcdDetail.set("etcd: " + n + " (" + endpointsText + ") · answers but refuses writes (alarm) · revision "
                        + c.revision());
                etcdTone.set(Tone.ERROR);
                banner.set(AlarmBanner.text(u.estate().alarms(), u.at()));
            }
            bannerVisible.set(alarm);
        } else {
            String down = c.downSince().map(t -> Formats.span(Duration.between(t, u.at()))).orElse("");
            boolean everLoaded = c.revision() > 0;
            etcd.set("etcd ● " + (everLoaded ? "disconnected" : "connecting…"));
            etcdDetail.set("etcd: " + n + " (" + endpointsText + ") · " + (everLoaded
                    ? "not answering; showing revision " + c.revision() : "connecting…"));
            etcdTone.set(everLoaded ? Tone.ERROR : Tone.INFO);
            if (c.downSince().isPresent()) {
                String err = c.lastError() == null || c.lastError().isBlank() ? "" : " (" + oneLine(c.lastError()) + ")";
                banner.set("etcd unreachable for " + down + " — retrying" + (everLoaded
                        ? "; showing the estate as of revision " + c.revision() : "") + ". " + endpointsText + err);
                bannerVisible.set(true);
            }
        }
        counts(u.estate());
        if (!c.connected() && c.downSince().isPresent() && c.revision() > 0) {
            // Nobody knows whether a dock is alive now: the count is the last answer's, and says so.
            docksAlive.set(docksAlive.get() + " · as of " + Formats.clock(c.downSince().get()));
            docksTone.set(Tone.NEUTRAL);
        } else {
            // A dock alive only by a lease (no recent proof of life) is a warning, never green.
            docksTone.set(u.estate().docks().stream().anyMatch(Estate.DockView::unverified) ? Tone.WARNING : Tone.OK);
        }
    }

    private void counts(Estate e) {
        long alive = e.docks().stream().filter(d -> d.liveness() == Estate.Liveness.ALIVE && !d.unverified()).count();
        long unverified = e.docks().stream().filter(Estate.DockView::unverified).count();
        long dead = e.docks().stream().filter(d -> d.liveness() == Estate.Liveness.DEAD).count();
        long stopped = e.docks().stream().filter(d -> d.liveness() == Estate.Liveness.STOPPED).count();
        long unknown = e.docks().stream().filter(d -> d.liveness() == Estate.Liveness.UNKNOWN).count();
        docksAlive.set(e.docks().size() + (e.docks().size() == 1 ? " dock: " : " docks: ") + alive + " alive");
        docksDead.set(dead + " dead");
        docksStopped.set(stopped == 0 ? "" : stopped + " stopped");
        // Not dead (its alive key exists) and not alive: counted apart, never as a death.
        docksUnknown.set(java.util.stream.Stream.of(unknown == 0 ? "" : unknown + " liveness unknown",
                unverified == 0 ? "" : unverified + " alive (unverified)").filter(t -> !t.isEmpty())
                .collect(java.util.stream.Collectors.joining(", ")));
        pools.set(e.pools().size() + (e.pools().size() == 1 ? " pool" : " pools"));
        java.util.function.Function<com.capreport.model.PoolSpec, com.capreport.model.PoolStanding> standing =
                com.capreport.model.PoolStanding.resolver(e);
        // Pools frozen by an etcd alarm are "not current", as the table says, not "stale": nothing is dead.
        long staleCount = 0;
        long notCurrent = 0;
        long unknownPools = 0;
        for (com.capreport.model.PoolSpec p : e.pools()) {
            com.capreport.model.PoolStanding s = standing.apply(p);
            if (s.kind() == com.capreport.model.PoolStanding.Kind.NOT_CURRENT_ETCD_ALARM
                    || s.kind() == com.capreport.model.PoolStanding.Kind.NOT_CURRENT_DOCK_UNVERIFIED) {
                notCurrent++;
            } else if (s.kind() == com.capreport.model.PoolStanding.Kind.DOCK_LIVENESS_UNKNOWN) {
                unknownPools++;
            } else if (s.stale()) {
                staleCount++;
            }
        }
        stale.set(java.util.stream.Stream.of(staleCount == 0 ? "" : staleCount + " stale",
                notCurrent == 0 ? "" : notCurrent + " not current",
                unknownPools == 0 ? "" : unknownPools + " unknown (dock liveness)").filter(t -> !t.isEmpty())
                .collect(java.util.stream.Collectors.joining(", ")));
        invalid.set(e.invalid().size());
    }

    /** From the profiles hand-off: "4 profiles" and, when k are below their threshold, "⚠k". */
    public void profiles(int count, int atRisk, String atRiskNames) {
        profiles(count, 0, "", atRisk, atRiskNames);
    }

    /**
     * From the profiles hand-off: "6 profiles", "✗3 invalid" when some cannot be used (requirements
     * that do not parse, or a key that holds no readable profile: the count is of every profile key an
     * admin wrote) and "⚠k" when k valid ones are below their threshold.
     */
    public void profiles(int count, int invalidCount, String invalidNames, int atRisk, String atRiskNames) {
        profiles.set(count + (count == 1 ? " profile" : " profiles"));
        profilesInvalid.set(invalidCount == 0 ? "" : invalidCount + " invalid");
        profilesInvalidNames.set(invalidCount == 0 ? "" : invalidCount + (invalidCount == 1 ? " profile" : " profiles")
                + " cannot be used (matched against nothing): " + invalidNames);
        profilesAtRisk.set(atRisk == 0 ? "" : String.valueOf(atRisk));
        profilesAtRiskNames.set(atRisk == 0 ? "" : atRisk + " at risk: " + atRiskNames);
    }

    /** "3 invalid", or empty when every profile can be used. */
    public ReadOnlyStringProperty profilesInvalid() {
        return profilesInvalid.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty profilesInvalidNames() {
        return profilesInvalidNames.getReadOnlyProperty();
    }

    private static String oneLine(String s) {
        String l = s.lines().findFirst().orElse("");
        return l.length() > 160 ? l.substring(0, 157) + "…" : l;
    }

    public ReadOnlyStringProperty etcd() {
        return etcd.getReadOnlyProperty();
    }

    /** The etcd badge's hover text: endpoints, state and revision. */
    public ReadOnlyStringProperty etcdDetail() {
        return etcdDetail.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> etcdTone() {
        return etcdTone.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty bannerVisible() {
        return bannerVisible.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty banner() {
        return banner.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty docksAlive() {
        return docksAlive.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> docksTone() {
        return docksTone.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty docksDead() {
        return docksDead.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty docksStopped() {
        return docksStopped.getReadOnlyProperty();
    }

    /** "1 liveness unknown": docks whose alive key exists but is unreadable; empty when none. */
    public ReadOnlyStringProperty docksUnknown() {
        return docksUnknown.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pools() {
        return pools.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stale() {
        return stale.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty profiles() {
        return profiles.getReadOnlyProperty();
    }

    /** The number of profiles at risk, or empty when none is. */
    public ReadOnlyStringProperty profilesAtRisk() {
        return profilesAtRisk.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty profilesAtRiskNames() {
        return profilesAtRiskNames.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyIntegerProperty invalidCount() {
        return invalid.getReadOnlyProperty();
    }
}
