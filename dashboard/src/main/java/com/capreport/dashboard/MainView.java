package com.capreport.dashboard;

import com.capreport.dashboard.attention.AttentionView;
import com.capreport.dashboard.attention.ProblemCounts;
import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import com.capreport.dashboard.docks.DocksView;
import com.capreport.dashboard.events.EventsView;
import com.capreport.dashboard.invalid.InvalidView;
import com.capreport.dashboard.pools.PoolsView;
import com.capreport.dashboard.profiles.GapMatrixView;
import com.capreport.dashboard.profiles.ProfilesView;
import com.capreport.dashboard.snapshots.SnapshotsView;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The window's layout: banner, status header, navigation on the left, the current view. */
public final class MainView extends BorderPane {
    private final Map<DashboardOptions.View, Node> views = new EnumMap<>(DashboardOptions.View.class);
    private final Map<DashboardOptions.View, ToggleButton> nav = new EnumMap<>(DashboardOptions.View.class);
    private final StackPane center = new StackPane();
    private final Button export = new Button("PNG…");
    private DashboardOptions.View current = DashboardOptions.View.ATTENTION;

    public MainView(HeaderViewModel header, AttentionView attention, ProblemCounts problems, PoolsView pools,
                    DocksView docks, ProfilesView profiles, GapMatrixView gaps,
                    EventsView events, InvalidView invalid, SnapshotsView snapshots,
                    javafx.beans.value.ObservableIntegerValue eventAlerts) {
        getStyleClass().add("main");
        views.put(DashboardOptions.View.ATTENTION, attention);
        views.put(DashboardOptions.View.POOLS, pools);
        views.put(DashboardOptions.View.DOCKS, docks);
        views.put(DashboardOptions.View.PROFILES, profiles);
        views.put(DashboardOptions.View.GAPS, gaps);
        views.put(DashboardOptions.View.EVENTS, events);
        views.put(DashboardOptions.View.INVALID, invalid);
        views.put(DashboardOptions.View.SNAPSHOTS, snapshots);
        center.getChildren().addAll(views.values());
        center.getStyleClass().add("view-area");

        Label banner = new Label();
        banner.setId("etcdBanner");
        banner.getStyleClass().add("banner");
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setWrapText(true);
        banner.textProperty().bind(header.banner());
        banner.visibleProperty().bind(header.bannerVisible());
        banner.managedProperty().bind(header.bannerVisible());

        Label title = new Label("Capabilities Report");
        title.getStyleClass().add("app-title");
        Label etcd = StatusBadge.label(Tone.INFO, "");
        etcd.setId("etcdStatus");
        header.etcd().addListener((o, a, b) -> StatusBadge.update(etcd, header.etcdTone().get(), b));
        header.etcdTone().addListener((o, a, b) -> StatusBadge.update(etcd, b, header.etcd().get()));
        StatusBadge.update(etcd, header.etcdTone().get(), header.etcd().get());
        Label alive = StatusBadge.label(Tone.OK, "");
        alive.setId("docksAlive");
        alive.textProperty().bind(header.docksAlive());
        // A green check only while the count is live (not while etcd does not answer).
        header.docksTone().addListener((o, a, b) -> {
            alive.getStyleClass().removeIf(c -> c.startsWith("tone-"));
            alive.getStyleClass().add(b.styleClass());
            alive.setGraphic(StatusBadge.icon(b)); // the text is bound: only the tone changes here
        });
        Label dead = StatusBadge.label(Tone.ERROR, "");
        dead.setId("docksDead");
        // "0 dead" is not an alarm: only a positive count gets the red cross.
        header.docksDead().addListener((o, a, b) -> showDead(dead, b));
        showDead(dead, header.docksDead().get());
        Label stopped = StatusBadge.label(Tone.NEUTRAL, "");
        stopped.textProperty().bind(header.docksStopped());
        stopped.visibleProperty().bind(header.docksStopped().isNotEmpty());
        stopped.managedProperty().bind(stopped.visibleProperty());
        Label unknown = StatusBadge.label(Tone.WARNING, "");
        unknown.setId("docksUnknown");
        unknown.textProperty().bind(header.docksUnknown());
        unknown.visibleProperty().bind(header.docksUnknown().isNotEmpty());
        unknown.managedProperty().bind(unknown.visibleProperty());
        Label poolCount = new Label();
        poolCount.setId("poolCount");
        poolCount.textProperty().bind(header.pools());
        Label stale = StatusBadge.label(Tone.STALE, "");
        stale.textProperty().bind(header.stale());
        stale.visibleProperty().bind(header.stale().isNotEmpty());
        stale.managedProperty().bind(stale.visibleProperty());
        Label profileCount = new Label();
        profileCount.setId("profileCount");
        profileCount.textProperty().bind(header.profiles());
        // "4 profiles ⚠1": the triangle is the warning icon, the number how many are below their threshold.
        Label atRisk = StatusBadge.label(Tone.WARNING, "");
        atRisk.setId("profilesAtRisk");
        atRisk.textProperty().bind(header.profilesAtRisk());
        atRisk.visibleProperty().bind(header.profilesAtRisk().isNotEmpty());
        atRisk.managedProperty().bind(atRisk.visibleProperty());
        atRisk.setGraphicTextGap(2);
        Tooltip riskTip = new Tooltip();
        riskTip.textProperty().bind(header.profilesAtRiskNames());
        atRisk.setTooltip(riskTip);
        // "6 profiles ✗3 invalid ⚠2": profiles that cannot be used are an error, apart from those at risk.
        Label badProfiles = StatusBadge.label(Tone.ERROR, "");
        badProfiles.setId("profilesInvalid");
        badProfiles.textProperty().bind(header.profilesInvalid());
        badProfiles.visibleProperty().bind(header.profilesInvalid().isNotEmpty());
        badProfiles.managedProperty().bind(badProfiles.visibleProperty());
        badProfiles.setGraphicTextGap(2);
        Tooltip badTip = new Tooltip();
        badTip.textProperty().bind(header.profilesInvalidNames());
        badProfiles.setTooltip(badTip);
        badProfiles.setCursor(javafx.scene.Cursor.HAND);
        badProfiles.setOnMouseClicked(e -> show(DashboardOptions.View.PROFILES)); // sorted worst first: they lead
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        export.setId("exportPng");
        export.setTooltip(new Tooltip("Save the current view as a PNG image"));
        MenuButton snapshotMenu = new MenuButton("Snapshots");
        snapshotMenu.setId("snapshotMenu");
        snapshotMenu.getItems().setAll(snapshots.menuItems());
        snapshotMenu.setTooltip(new Tooltip("Export the estate, open a snapshot file read-only, compare"));
        // Counts never shorten ("0 d…" misleads): only the title and the etcd endpoint may, with a tooltip.
        for (javafx.scene.layout.Region r : List.of(alive, dead, stopped, unknown, poolCount, stale, profileCount,
                badProfiles, atRisk, snapshotMenu, export)) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        title.setMinWidth(40);
        // It gives way first when the etcd state is long (an alarm at 1280 px): the name is one hover away.
        title.setTooltip(new Tooltip("Capabilities Report"));
        etcd.setTooltip(new Tooltip());
        etcd.getTooltip().textProperty().bind(header.etcdDetail());
        HBox bar = new HBox(10, title, sep(), etcd, sep(), alive, dead, stopped, unknown, sep(), poolCount, stale, sep(),
                profileCount, badProfiles, atRisk, sep(), problems, spring, snapshotMenu, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("header");
        bar.setPadding(new Insets(6, 10, 6, 10));
        // The snapshot banner sits right under the header, so every view is read under it.
        setTop(new VBox(banner, bar, snapshots.bannerBar(), snapshots.noteBar()));

        ToggleGroup group = new ToggleGroup();
        VBox left = new VBox(2);
        left.getStyleClass().add("nav");
        left.setPadding(new Insets(8, 4, 8, 4));
        left.setPrefWidth(168); // "Invalid entries (12)" in bold, whole
        left.setMinWidth(168);
        addNav(left, group, DashboardOptions.View.ATTENTION, "navAttention", "Attention", "Ctrl+1");
        addNav(left, group, DashboardOptions.View.POOLS, "navPools", "Pools", "Ctrl+2");
        addNav(left, group, DashboardOptions.View.DOCKS, "navDocks", "Docks", "Ctrl+3");
        addNav(left, group, DashboardOptions.View.PROFILES, "navProfiles", "Profiles", "Ctrl+4");
        addNav(left, group, DashboardOptions.View.GAPS, "navGaps", "Gap matrix", "Ctrl+5");
        ToggleButton ev = addNav(left, group, DashboardOptions.View.EVENTS, "navEvents", "Events", "Ctrl+6");
        ev.textProperty().bind(Bindings.createStringBinding(() -> eventAlerts.get() == 0 ? "Events"
                : "Events (" + eventAlerts.get() + ")", eventAlerts));
        ToggleButton inv = addNav(left, group, DashboardOptions.View.INVALID, "navInvalid", "Invalid entries", "Ctrl+7");
        inv.textProperty().bind(Bindings.createStringBinding(() -> header.invalidCount().get() == 0 ? "Invalid entries"
                : "Invalid entries (" + header.invalidCount().get() + ")", header.invalidCount()));
        Region gap = new Region();
        gap.setMinHeight(10);
        left.getChildren().add(gap);
        addNav(left, group, DashboardOptions.View.SNAPSHOTS, "navSnapshots", "Snapshots", "Ctrl+8");
        // A toggle group lets the user un-press the current button: keep one view always chosen.
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null && a != null) {
                a.setSelected(true);
            }
        });
        setLeft(left);
        setCenter(center);
        show(DashboardOptions.View.ATTENTION);
    }

    private static void showDead(Label dead, String text) {
        boolean none = text.startsWith("0 ");
        StatusBadge.update(dead, none ? Tone.NEUTRAL : Tone.ERROR, text);
        if (none) {
            dead.setGraphic(null);
        }
    }

    private static Region sep() {
        Region r = new Region();
        r.getStyleClass().add("header-sep");
        r.setMinWidth(1);
        r.setPrefWidth(1);
        r.setPrefHeight(18);
        return r;
    }

    private ToggleButton addNav(VBox left, ToggleGroup group, DashboardOptions.View v, String id, String text,
                                String key) {
        ToggleButton b = new ToggleButton(text);
        b.setId(id);
        b.setToggleGroup(group);
        b.setMaxWidth(Double.MAX_VALUE);
        b.setAlignment(Pos.CENTER_LEFT);
        b.setTooltip(new Tooltip(text + " (" + key + ")"));
        b.setOnAction(e -> show(v));
        nav.put(v, b);
        left.getChildren().add(b);
        return b;
    }

    public void show(DashboardOptions.View v) {
        current = v;
        // A hidden view is also unmanaged and shrunk to nothing: the layout pass then leaves its tables
        // without cells instead of filling thousands of rows nobody sees (it stays in the scene graph,
        // so lookups and bindings keep working). Shown again, the stack pane sizes and lays it out.
        views.forEach((k, n) -> {
            boolean shown = k == v;
            n.setVisible(shown);
            n.setManaged(shown);
            if (!shown) {
                n.resize(0, 0);
            }
        });
        nav.get(v).setSelected(true);
    }

    /** Lays {@code n} over the view area, in its bottom-left corner (the notifications). */
    public void overlay(Node n) {
        StackPane.setAlignment(n, Pos.BOTTOM_LEFT);
        center.getChildren().add(n);
    }

    public DashboardOptions.View current() {
        return current;
    }

    public Node currentView() {
        return views.get(current);
    }

    public Button exportButton() {
        return export;
    }
}
