package com.capreport.dashboard;

import com.capreport.agent.Agent;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EstateFeed;
import com.capreport.agent.etcd.EstateUpdate;
import com.capreport.dashboard.attention.AttentionView;
import com.capreport.dashboard.attention.AttentionViewModel;
import com.capreport.dashboard.attention.ProblemCounts;
import com.capreport.dashboard.common.Formats;
import com.capreport.dashboard.common.PngExport;
import com.capreport.dashboard.docks.DiscoverClient;
import com.capreport.dashboard.docks.DocksView;
import com.capreport.dashboard.docks.DocksViewModel;
import com.capreport.dashboard.events.EventsView;
import com.capreport.dashboard.events.EventsViewModel;
import com.capreport.dashboard.events.NotificationStackView;
import com.capreport.dashboard.events.NotificationsViewModel;
import com.capreport.dashboard.invalid.InvalidView;
import com.capreport.dashboard.invalid.InvalidViewModel;
import com.capreport.dashboard.pools.PoolsView;
import com.capreport.dashboard.pools.PoolsViewModel;
import com.capreport.dashboard.profiles.GapMatrixView;
import com.capreport.dashboard.profiles.GapMatrixViewModel;
import com.capreport.dashboard.profiles.MatchFeed;
import com.capreport.dashboard.profiles.MatchState;
import com.capreport.dashboard.profiles.ProfileAlert;
import com.capreport.dashboard.profiles.ProfileEditorViewModel;
import com.capreport.dashboard.profiles.ProfileRow;
import com.capreport.dashboard.profiles.ProfilesView;
import com.capreport.dashboard.profiles.ProfilesViewModel;
import com.capreport.dashboard.snapshots.OpenedSnapshot;
import com.capreport.dashboard.snapshots.SnapshotsView;
import com.capreport.dashboard.snapshots.SnapshotsViewModel;
import com.capreport.agent.acks.AckStore;
import com.capreport.agent.profiles.ProfileStore;
import com.capreport.model.EstateEvents;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyCodeCombination;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard application: wires the estate feed to the view-models and the views. All estate
 * work happens off the FX thread in the watcher; the FX thread only copies the latest snapshot
 * into the view-models, once per coalesced hand-off.
 */
public final class DashboardApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApp.class);
    /** How long a changed pool row stays highlighted. */
    static final long HIGHLIGHT_MILLIS = 2000;
    /** The exit code {@link Launcher} ends the process with (screenshot mode). */
    static final AtomicInteger EXIT_CODE = new AtomicInteger(0);
    /** Handed over by {@link Launcher}, which parses options and starts any embedded agent before JavaFX. */
    static volatile DashboardOptions launchOptions;
    static volatile Agent launchAgent;

    private final Clock clock = Clock.systemUTC();
    private DashboardOptions options;
    private Agent agent;
    private EstateFeed feed;
    private DiscoverClient discover;
    private Timeline ticker;
    private Stage stage;
    private MainView main;
    private PoolsView poolsView;
    private DocksView docksView;
    private final HeaderViewModel[] header = new HeaderViewModel[1];
    private final PoolsViewModel pools = new PoolsViewModel();
    private DocksViewModel docks;
    private final EventsViewModel events = new EventsViewModel(clock);
    private final NotificationsViewModel notifications = new NotificationsViewModel(clock);
    /** Profile drops caused only by an etcd outage wait for the agents to re-register before they show a card. */
    private final com.capreport.dashboard.profiles.OutageAlertGrace outageGrace =
            new com.capreport.dashboard.profiles.OutageAlertGrace();
    private EventsView eventsView;
    private NotificationStackView stack;
    private final InvalidViewModel invalid = new InvalidViewModel();
    private final AttentionViewModel attention = new AttentionViewModel();
    private AttentionView attentionView;
    private final ProfilesViewModel profiles = new ProfilesViewModel();
    private final GapMatrixViewModel gaps = new GapMatrixViewModel();
    private ProfileEditorViewModel editor;
    private ProfilesView profilesView;
    private GapMatrixView gapsView;
    private MatchFeed matches;
    /** The profiles of an open snapshot file, matched on their own worker; null while live. */
    private MatchFeed snapshotMatches;
    /** The live feed's latest profiles state while a snapshot is shown: the views get it back on Back to live. */
    private MatchState lastLiveMatches;
    private SnapshotsViewModel snapshots;
    private SnapshotsView snapshotsView;
    private long ticks;
    private long shownAtNanos;
    private boolean firstDataLogged;
    /** False while a --snapshot file is shown offline: nothing has connected to etcd yet. */
    private boolean liveStarted;

    /** Used by {@link Application#launch}: takes the options {@link Launcher} parsed. */
    public DashboardApp() {
        this(null);
    }

    /** Used by tests and embedders. */
    public DashboardApp(DashboardOptions options) {
        this.options = options;
    }

    @Override
    public void start(Stage stage) {
        Formats.ageBasis(Formats.AgeBasis.NOW); // until a snapshot is shown (switchSource)
        if (options == null) {
            options = launchOptions;
            agent = launchAgent;
        }
        if (options == null) {
            throw new IllegalStateException("start the dashboard through com.capreport.dashboard.Launcher");
        }
        this.stage = stage;
        try {
            feed = new EstateFeed(options.etcd(), clock, Platform::runLater);
        } catch (EtcdClients.SettingsException e) {
            fail(2, "capreport dashboard: " + e.getMessage());
            return;
        }
        // Listing and parsing the estate (seconds with thousands of pools) runs on the watcher's thread
        // while this thread builds the window. The first hand-off runs after start() returns (it is a
        // Platform.runLater), so apply() always finds every view-model and view built.
        // A snapshot file opened at start (--snapshot) is shown offline: no connection to etcd is even
        // attempted until Back to live (a picture for a ticket is taken where etcd is unreachable).
        if (options.snapshot().isEmpty()) {
            startLive();
        }
        discover = new DiscoverClient(60, options.grpcTls());
        docks = new DocksViewModel(discover);
        header[0] = new HeaderViewModel(String.join(",", options.etcd().endpoints()));
        options.snapshot().ifPresent(f -> header[0].source(new HeaderViewModel.Source.OpeningSnapshot(
                String.valueOf(f.getFileName()))));
        poolsView = new PoolsView(pools);
        docksView = new DocksView(docks, Platform::runLater);
        editor = new ProfileEditorViewModel(new ProfileStore(feed.client(), options.etcd().layout(),
                Duration.ofSeconds(10)), Platform::runLater);
        events.connect(new AckStore(feed.client(), options.etcd().layout(), Duration.ofSeconds(10)),
                options.etcd().user().orElse(System.getProperty("user.name", "admin")), Platform::runLater);
        eventsView = new EventsView(events);
        profiles.layout(options.etcd().layout());
        attention.layout(options.etcd().layout());
        profilesView = new ProfilesView(profiles, editor);
        gapsView = new GapMatrixView(gaps);
        matches = new MatchFeed(Platform::runLater, this::applyMatches);
        snapshots = new SnapshotsViewModel(options.etcd().endpoints(), options.etcd().layout().prefix(), clock,
                Platform::runLater);
        snapshotsView = new SnapshotsView(snapshots);
        attentionView = new AttentionView(attention);
        InvalidView invalidView = new InvalidView(invalid);
        main = new MainView(header[0], attentionView, new ProblemCounts(attention), poolsView, docksView, profilesView,
                gapsView, eventsView, invalidView, snapshotsView, events.openCount());
        attention.navigator(new ViewNavigator(main, pools, poolsView, docksView, profiles, invalidView));
        stack = new NotificationStackView(notifications, main::currentView, target -> {
            events.selectProblem(target);
            main.show(DashboardOptions.View.EVENTS);
            eventsView.focusReason();
        }, () -> main.show(DashboardOptions.View.EVENTS));
        stack.suppressWhile(eventsView.visibleProperty());
        main.overlay(stack);
        snapshots.browsing().addListener((o, a, b) -> switchSource(a, b));
        // A finished comparison is what the admin asked to see, from whichever view they asked.
        snapshots.diff().addListener((o, a, b) -> main.show(DashboardOptions.View.SNAPSHOTS));
        main.show(options.view());
        Scene scene = new Scene(main, options.width(), options.height());
        scene.getStylesheets().add(DashboardApp.class.getResource("dashboard.css").toExternalForm());
        installKeys(scene);
        main.exportButton().setOnAction(e -> exportPng());
        stage.setTitle("Capabilities Report — " + options.etcd());
        stage.setScene(scene);
        stage.show();
        shownAtNanos = System.nanoTime();

        options.snapshot().ifPresent(snapshots::open);
        ticker = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), e -> tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
        options.screenshot().ifPresent(this::screenshotWhenLoaded);
    }

    /**
     * The one hand-off per burst: copies the snapshot into every view-model. FX thread. While a
     * snapshot file is open the views show its estate instead (at the moment it was taken); events,
     * notifications and the profiles' thresholds keep following the live estate.
     */
    void apply(EstateUpdate u) {
        OpenedSnapshot open = snapshots.browsing().get();
        if (u.loaded()) {
            snapshots.live(u.estate());
        }
        if (open != null) {
            header[0].apply(new EstateUpdate(open.estate(), u.connection(), u.endpoints(), u.at(), true));
            Instant at = Optional.ofNullable(open.snapshot().takenAt()).orElse(u.at());
            pools.apply(open.estate(), at);
            docks.apply(open.estate(), at);
            docks.blindSince(Optional.empty());
            invalid.apply(open.estate());
            attention.apply(open.estate(), at);
            attention.connection(true, Optional.empty(), open.revision(), "", "etcd", at); // a file: nothing is blind
            editor.estate(open.estate());
            snapshotMatches.offer(open.estate());
        } else {
            header[0].apply(u);
        }
        if (u.loaded() && shownAtNanos != 0 && !firstDataLogged && !u.estate().pools().isEmpty()) {
            firstDataLogged = true;
            // The figure docs/dashboard.md reports: how long the admin looks at an empty window.
            LOG.info("first data {} ms after the window was shown ({} pools, {} docks)",
                    (System.nanoTime() - shownAtNanos) / 1_000_000, u.estate().pools().size(), u.estate().docks().size());
        }
        if (!u.loaded()) {
            return; // an empty placeholder, not the estate: it must not become the baseline of changes and events
        }
        if (open == null) {
            pools.apply(u.estate(), u.at());
            docks.apply(u.estate(), u.at());
            docks.blindSince(u.connection().connected() ? Optional.empty() : u.connection().downSince());
            invalid.apply(u.estate());
            attention.apply(u.estate(), u.at());
            attention.connection(u.connection().connected(), u.connection().downSince(), u.connection().revision(),
                    u.connection().lastError(), "etcd", u.at());
            editor.estate(u.estate());
        }
        matches.offer(u.estate());
        List<EstateEvents.Event> fresh = events.apply(u.estate(), u.at());
        events.connection(u.connection().connected(), u.connection().downSince(), u.at());
        if (options.notifications()) {
            notifications.acknowledged(events.acknowledged());
            notifications.offer(fresh, events.acknowledged());
        }
    }

    /** The profiles hand-off (one per burst of evaluations): views, header, events and notifications. FX thread. */
    void applyMatches(MatchState s) {
        List<ProfileAlert> alerts;
        if (snapshots.browsing().get() != null) {
            // The views show a snapshot: watch the live thresholds, keep the state for Back to live.
            alerts = profiles.alertsOnly(s, clock.instant());
            lastLiveMatches = withoutChanges(s);
        } else {
            alerts = profiles.apply(s, clock.instant());
            gaps.apply(s);
            attention.profiles(s.reports(), clock.instant());
            headerProfiles();
        }
        // Every profile key, unreadable ones too: an unusable profile is the same problem however it fails.
        events.profiles(ProfilesViewModel.rows(s, options.etcd().layout()));
        if (alerts.isEmpty()) {
            return;
        }
        List<EstateEvents.Event> raised = alerts.stream().map(ProfileAlert::event).toList();
        events.add(raised);
        List<EstateEvents.Event> cards = outageGrace.offer(alerts, clock.instant());
        if (options.notifications() && !cards.isEmpty()) {
            notifications.offer(cards, events.acknowledged());
        }
    }

    private void headerProfiles() {
        header[0].profiles(profiles.count().get(), profiles.invalidCount().get(), profiles.invalidNames().get(),
                profiles.atRisk().get(), profiles.atRiskNames().get());
    }

    /** The open snapshot's profiles hand-off: views only, never alerts (nothing happened, it is history). */
    private void applySnapshotMatches(MatchState s) {
        OpenedSnapshot open = snapshots.browsing().get();
        if (open == null || s.estate() != open.estate()) {
            return; // closed, or replaced by another file, while it was being matched
        }
        // The views' clock is the moment the snapshot was taken (as in apply), not the wall clock.
        Instant at = Optional.ofNullable(open.snapshot().takenAt()).orElse(clock.instant());
        profiles.apply(withoutChanges(s), at);
        gaps.apply(s);
        attention.profiles(s.reports(), at);
        headerProfiles();
    }

    private static MatchState withoutChanges(MatchState s) {
        return new MatchState(s.estate(), s.reports(), s.index(), List.of(), s.first(), s.syncNanos());
    }

    /** A snapshot file was opened, replaced or closed: the views change source, quietly. FX thread. */
    private void switchSource(OpenedSnapshot before, OpenedSnapshot open) {
        if (before == null && open != null) {
            // Leaving live: what the profile views show now is the live state to come back to.
            lastLiveMatches = withoutChanges(profiles.state());
        }
        if (snapshotMatches != null) {
            snapshotMatches.close();
            snapshotMatches = null;
        }
        boolean readOnly = open != null;
        // The views' "now" is the snapshot's moment while one is shown (see apply): ages say so.
        Formats.ageBasis(open != null && open.snapshot().takenAt() != null ? Formats.AgeBasis.SNAPSHOT : Formats.AgeBasis.NOW);
        if (!liveStarted) {
            if (open != null) {
                header[0].source(new HeaderViewModel.Source.OfflineSnapshot(open.name(),
                        Optional.ofNullable(open.snapshot().takenAt()), open.revision()));
            } else {
                // Back to live from an offline snapshot: only now does the dashboard connect to etcd.
                header[0].source(new HeaderViewModel.Source.Live());
                startLive();
            }
        }
        editor.readOnly(readOnly);
        docks.readOnly(readOnly);
        pools.reset();
        if (readOnly) {
            snapshotMatches = new MatchFeed(Platform::runLater, this::applySnapshotMatches);
        } else if (lastLiveMatches != null) {
            MatchState live = lastLiveMatches;
            lastLiveMatches = null;
            profiles.apply(live, clock.instant());
            gaps.apply(live);
            attention.profiles(live.reports(), clock.instant());
            headerProfiles();
        }
        stage.setTitle("Capabilities Report — " + (readOnly ? "snapshot " + open.name() + " (read-only)"
                : options.etcd().toString()));
        apply(feed.current());
    }

    private void startLive() {
        liveStarted = true;
        feed.start(this::apply);
    }

    /** Whether the live feed was started (false while an offline --snapshot is shown). */
    public boolean liveStarted() {
        return liveStarted;
    }

    private void tick() {
        if (feed == null) {
            return;
        }
        apply(feed.current());
        pools.expireChanges(clock.instant(), HIGHLIGHT_MILLIS);
        List<EstateEvents.Event> late = outageGrace.due(clock.instant());
        if (options.notifications() && !late.isEmpty()) {
            notifications.offer(late, events.acknowledged());
        }
        notifications.tick();
        stack.tick();
        if (++ticks % 5 == 0) {
            poolsView.tick();
            docksView.tick();
            eventsView.tick();
            attentionView.tick();
        }
    }

    private void installKeys(Scene scene) {
        DashboardOptions.View[] order = DashboardOptions.View.values();
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
            KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8};
        for (int i = 0; i < order.length; i++) {
            DashboardOptions.View v = order[i];
            scene.getAccelerators().put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), () -> main.show(v));
        }
        // The shown view's filter, if it has one; a view without one (Docks) keeps the keyboard where it was.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            if (main.currentView() instanceof com.capreport.dashboard.common.Filterable f) {
                f.filterField().requestFocus();
                f.filterField().selectAll();
            }
        });
    }

    private void exportPng() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export view as PNG");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        fc.setInitialFileName("capreport-" + main.current().name().toLowerCase(java.util.Locale.ROOT) + ".png");
        File f = fc.showSaveDialog(stage);
        if (f == null) {
            return;
        }
        try {
            PngExport.write(stage.getScene().getRoot(), f.toPath());
        } catch (IOException e) {
            Alert a = new Alert(Alert.AlertType.ERROR, "Cannot write " + f + ": " + e.getMessage());
            a.initOwner(stage);
            a.show();
        }
    }

    public MainView mainView() {
        return main;
    }

    public PoolsView poolsView() {
        return poolsView;
    }

    public DocksView docksView() {
        return docksView;
    }

    public AttentionViewModel attentionModel() {
        return attention;
    }

    public AttentionView attentionView() {
        return attentionView;
    }

    public PoolsViewModel poolsModel() {
        return pools;
    }

    public DocksViewModel docksModel() {
        return docks;
    }

    public EventsViewModel eventsModel() {
        return events;
    }

    public NotificationsViewModel notificationsModel() {
        return notifications;
    }

    public NotificationStackView notificationStack() {
        return stack;
    }

    public EventsView eventsView() {
        return eventsView;
    }

    public ProfilesViewModel profilesModel() {
        return profiles;
    }

    public ProfileEditorViewModel editorModel() {
        return editor;
    }

    public GapMatrixViewModel gapsModel() {
        return gaps;
    }

    public ProfilesView profilesView() {
        return profilesView;
    }

    public GapMatrixView gapsView() {
        return gapsView;
    }

    public InvalidViewModel invalidModel() {
        return invalid;
    }

    public SnapshotsViewModel snapshotsModel() {
        return snapshots;
    }

    public SnapshotsView snapshotsView() {
        return snapshotsView;
    }

    public HeaderViewModel headerModel() {
        return header[0];
    }

    /** Waits (off the FX thread) for the first estate or 10 s, then renders and exits. */
    private void screenshotWhenLoaded(Path file) {
        Thread t = new Thread(() -> {
            boolean loaded;
            try {
                // A picture of a snapshot file needs no etcd: it never waits on one (the file is the estate shown).
                loaded = options.snapshot().isPresent() || feed.awaitLoaded(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                loaded = false;
            }
            boolean ok = loaded;
            Platform.runLater(() -> {
                if (!ok) {
                    String err = Optional.ofNullable(feed.current().connection().lastError()).filter(s -> !s.isBlank())
                            .map(s -> ": " + s.lines().findFirst().orElse("")).orElse("");
                    fail(3, "capreport dashboard: cannot reach etcd at " + String.join(",", options.etcd().endpoints())
                            + " within 10 s" + err);
                    return;
                }
                apply(feed.current());
                // Let a few pulses pass (an animation drives them): tables lay out, then fill their cells.
                javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(
                        javafx.util.Duration.millis(400));
                settle.setOnFinished(ev -> {
                    try {
                        main.applyCss();
                        main.layout();
                        PngExport.write(stage.getScene().getRoot(), file);
                        System.out.println("capreport dashboard: wrote " + file.toAbsolutePath());
                        EXIT_CODE.set(0);
                    } catch (IOException e) {
                        System.err.println("capreport dashboard: cannot write " + file + ": " + e.getMessage());
                        EXIT_CODE.set(2);
                    }
                    Platform.exit();
                });
                // Profiles and gaps are evaluated on their own worker: render once it has caught up,
                // and once a --snapshot file is open and its own profiles are matched.
                matches.whenIdle(() -> snapshots.whenIdle(() -> {
                    if (options.snapshot().isPresent() && snapshots.browsing().get() == null) {
                        fail(2, "capreport dashboard: " + snapshots.message().get());
                    } else if (snapshotMatches != null) {
                        snapshotMatches.whenIdle(settle::play);
                    } else {
                        settle.play();
                    }
                }));
            });
        }, "dashboard-screenshot");
        t.setDaemon(true);
        t.start();
    }

    private void fail(int code, String line) {
        System.err.println(line);
        EXIT_CODE.set(code);
        Platform.exit();
    }

    @Override
    public void stop() {
        if (ticker != null) {
            ticker.stop();
        }
        if (matches != null) {
            matches.close();
        }
        if (snapshotMatches != null) {
            snapshotMatches.close();
        }
        if (snapshots != null) {
            snapshots.shutdown();
        }
        if (editor != null) {
            editor.shutdown();
        }
        events.shutdown();
        if (feed != null) {
            feed.close();
        }
        if (discover != null) {
            discover.close();
        }
        if (agent != null) {
            agent.close();
        }
    }
}
