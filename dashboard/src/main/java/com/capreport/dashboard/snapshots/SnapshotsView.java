package com.capreport.dashboard.snapshots;

import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The Snapshots view (export, open, compare, and the comparison: counts, one row per difference,
 * the selected row's changes), plus the two strips the window shows above every view: the
 * "SNAPSHOT … read-only [Back to live]" banner and the progress/outcome note of the last command.
 */
public final class SnapshotsView extends BorderPane {
    private static final PseudoClass ADDED = PseudoClass.getPseudoClass("added");
    private static final PseudoClass REMOVED = PseudoClass.getPseudoClass("removed");
    private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed-pool");

    private final SnapshotsViewModel vm;
    private final TableView<DiffEntry> table = new TableView<>();
    private final HBox bannerBar;
    private final HBox noteBar;
    private final Button exportButton = new Button("Export snapshot…");
    private FileChoice fileChoice = FileChoice.dialogs();

    public SnapshotsView(SnapshotsViewModel vm) {
        this.vm = vm;
        setId("snapshotsView");
        getStyleClass().add("snapshots-view");

        exportButton.setId("exportSnapshot");
        exportButton.setTooltip(new Tooltip("Write what the views show (JSON snapshot, or pools as CSV by the file's "
                + "extension), atomically"));
        exportButton.setOnAction(e -> exportChosen());
        Button open = new Button("Open snapshot…");
        open.setId("openSnapshot");
        open.setTooltip(new Tooltip("Show a snapshot file read-only in Pools, Docks, Profiles and Gap matrix"));
        open.setOnAction(e -> openChosen());
        Button withLive = new Button("Compare with live…");
        withLive.setId("compareWithLive");
        withLive.setTooltip(new Tooltip("What changed from a snapshot file to the live estate"));
        withLive.setOnAction(e -> compareWithLiveChosen());
        Button openWithLive = new Button("Compare open snapshot with live");
        openWithLive.setId("compareOpenWithLive");
        openWithLive.setOnAction(e -> vm.compareOpenWithLive());
        openWithLive.visibleProperty().bind(vm.browsing().isNotNull());
        openWithLive.managedProperty().bind(openWithLive.visibleProperty());
        Button files = new Button("Compare two files…");
        files.setId("compareFiles");
        files.setOnAction(e -> compareFilesChosen());
        for (Button b : List.of(exportButton, open, withLive, openWithLive, files)) {
            b.disableProperty().bind(vm.busy());
        }
        HBox bar = new HBox(8, exportButton, open, sep(), withLive, openWithLive, files);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("filter-bar");
        setTop(bar);

        StackPane center = new StackPane(comparison(), placeholder());
        center.getChildren().get(0).visibleProperty().bind(vm.diff().isNotNull());
        center.getChildren().get(1).visibleProperty().bind(vm.diff().isNull());
        setCenter(center);

        bannerBar = banner();
        noteBar = note();
    }

    /** Tests and embedders: where file names come from instead of the platform's dialogs. */
    public void setFileChoice(FileChoice choice) {
        this.fileChoice = Objects.requireNonNull(choice);
    }

    public void exportChosen() {
        choose(FileChoice.Purpose.EXPORT).ifPresent(vm::export);
    }

    public void openChosen() {
        choose(FileChoice.Purpose.OPEN).ifPresent(vm::open);
    }

    public void compareWithLiveChosen() {
        choose(FileChoice.Purpose.COMPARE_WITH_LIVE).ifPresent(vm::compareWithLive);
    }

    public void compareFilesChosen() {
        choose(FileChoice.Purpose.COMPARE_OLDER).ifPresent(older -> choose(FileChoice.Purpose.COMPARE_NEWER)
                .ifPresent(newer -> vm.compareFiles(older, newer)));
    }

    private Optional<Path> choose(FileChoice.Purpose purpose) {
        Window w = getScene() == null ? null : getScene().getWindow();
        return fileChoice.choose(purpose, w);
    }

    /** The header's "Snapshots" menu: the same commands from any view. */
    public List<MenuItem> menuItems() {
        MenuItem export = item("Export snapshot…", "menuExportSnapshot", this::exportChosen);
        MenuItem open = item("Open snapshot…", "menuOpenSnapshot", this::openChosen);
        MenuItem live = item("Compare with live…", "menuCompareWithLive", this::compareWithLiveChosen);
        MenuItem files = item("Compare two files…", "menuCompareFiles", this::compareFilesChosen);
        MenuItem back = item("Back to live", "menuBackToLive", vm::backToLive);
        for (MenuItem m : List.of(export, open, live, files)) {
            m.disableProperty().bind(vm.busy());
        }
        back.disableProperty().bind(vm.browsing().isNull());
        return List.of(export, open, new SeparatorMenuItem(), live, files, new SeparatorMenuItem(), back);
    }

    private static MenuItem item(String text, String id, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setId(id);
        m.setOnAction(e -> action.run());
        return m;
    }

    /** "SNAPSHOT taken … — read-only [Back to live]", shown above every view while a file is open. */
    public HBox bannerBar() {
        return bannerBar;
    }

    /** Progress of the running command, or the last outcome in one sentence; shown above every view. */
    public HBox noteBar() {
        return noteBar;
    }

    public TableView<DiffEntry> table() {
        return table;
    }

    public Button exportButton() {
        return exportButton;
    }

    private HBox banner() {
        Label text = new Label();
        text.setId("snapshotBanner");
        text.textProperty().bind(vm.banner());
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button back = new Button("Back to live");
        back.setId("backToLive");
        back.setOnAction(e -> vm.backToLive());
        back.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(12, text, back);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("snapshot-banner");
        box.visibleProperty().bind(vm.browsing().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private HBox note() {
        ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        progress.setId("snapshotProgress");
        progress.setPrefWidth(160);
        progress.setMinWidth(160);
        progress.visibleProperty().bind(vm.busy());
        progress.managedProperty().bind(vm.busy());
        Label text = new Label();
        text.setId("snapshotMessage");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.textProperty().bind(Bindings.createStringBinding(() -> vm.busy().get() ? vm.busyText().get()
                : vm.message().get(), vm.busy(), vm.busyText(), vm.message()));
        Button dismiss = new Button("✕");
        dismiss.setId("dismissSnapshotMessage");
        dismiss.getStyleClass().add("note-dismiss");
        dismiss.setTooltip(new Tooltip("Dismiss"));
        dismiss.setOnAction(e -> vm.dismissMessage());
        dismiss.visibleProperty().bind(vm.busy().not());
        HBox box = new HBox(10, progress, text, dismiss);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("snapshot-note");
        Runnable tone = () -> {
            box.getStyleClass().removeIf(c -> c.startsWith("note-"));
            box.getStyleClass().add(vm.busy().get() ? "note-busy"
                    : "note-" + vm.messageTone().get().name().toLowerCase(Locale.ROOT));
        };
        vm.messageTone().addListener((o, a, b) -> tone.run());
        vm.busy().addListener((o, a, b) -> tone.run());
        tone.run();
        box.visibleProperty().bind(vm.busy().or(vm.message().isNotEmpty()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node placeholder() {
        Label title = new Label("Snapshots");
        title.getStyleClass().add("details-title");
        Label body = new Label("Export snapshot… writes what the views show, at one etcd revision: the snapshot JSON "
                + "(re-opens here and in capreport match/diff) or, for a file ending in .csv, one row per pool.\n\n"
                + "Open snapshot… shows a snapshot file read-only in Pools, Docks, Profiles and Gap matrix, marked by "
                + "a banner with its time and revision; Back to live returns to etcd.\n\n"
                + "Compare with live… lists what changed from a snapshot to now: pools added, removed and changed "
                + "(each capability old → new, capacity deltas), docks that died or appeared, and profiles whose "
                + "matches changed. Compare two files… does the same between two snapshots.");
        body.setWrapText(true);
        body.getStyleClass().add("muted");
        body.setMaxWidth(720);
        VBox box = new VBox(10, title, body);
        box.setPadding(new Insets(16));
        box.setAlignment(Pos.TOP_LEFT);
        return box;
    }

    private Node comparison() {
        Label title = new Label();
        title.setId("compareTitle");
        title.getStyleClass().add("details-title");
        title.textProperty().bind(vm.compareTitle());
        title.setWrapText(true);
        HBox counts = new HBox(14);
        counts.setId("compareCounts");
        counts.setAlignment(Pos.CENTER_LEFT);
        vm.counts().addListener((o, a, c) -> showCounts(counts, c));

        buildTable();
        Label details = new Label();
        details.setId("compareDetails");
        details.getStyleClass().add("mono");
        details.setWrapText(true);
        details.setAlignment(Pos.TOP_LEFT);
        details.setMaxWidth(Double.MAX_VALUE);
        details.textProperty().bind(Bindings.createStringBinding(() -> vm.details().get().isEmpty()
                ? "Select a row to see every change of it." : vm.details().get(), vm.details()));
        Label detailsTitle = new Label("Selected");
        detailsTitle.getStyleClass().add("section-title");
        VBox detailsBox = new VBox(6, detailsTitle, details);
        detailsBox.setPadding(new Insets(8, 10, 10, 10));
        detailsBox.getStyleClass().add("details");
        ScrollPane scroll = new ScrollPane(detailsBox);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("editor-scroll");
        SplitPane split = new SplitPane(table, scroll);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.62);
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox top = new VBox(6, title, counts);
        top.setPadding(new Insets(8, 10, 8, 10));
        return new VBox(top, split);
    }

    private static void showCounts(HBox box, SnapshotsViewModel.Counts c) {
        box.getChildren().clear();
        if (c == null) {
            return;
        }
        if (c.identical()) {
            box.getChildren().add(StatusBadge.label(Tone.OK, "identical"));
            return;
        }
        box.getChildren().addAll(count(Tone.OK, c.added(), "pool added", "pools added", "countAdded"),
                count(Tone.ERROR, c.removed(), "pool removed", "pools removed", "countRemoved"),
                count(Tone.WARNING, c.changed(), "pool changed", "pools changed", "countChanged"),
                count(Tone.INFO, c.docks(), "dock change", "dock changes", "countDocks"),
                count(Tone.INFO, c.profiles(), "profile change", "profile changes", "countProfiles"));
    }

    private static Label count(Tone tone, int n, String one, String many, String id) {
        // Zero is not news: it keeps its place in the row but is greyed, without the tone's icon.
        Label l = StatusBadge.label(n == 0 ? Tone.NEUTRAL : tone, String.format(Locale.US, "%,d %s", n,
                n == 1 ? one : many));
        if (n == 0) {
            l.setGraphic(null);
        }
        l.setId(id);
        return l;
    }

    private void buildTable() {
        table.setId("compareTable");
        table.setItems(vm.entries());
        table.setPlaceholder(new Label("No differences: same pools, capabilities, docks and profile matches."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<DiffEntry, DiffEntry> change = new TableColumn<>("Change");
        change.setPrefWidth(170);
        change.setMinWidth(165); // "matches changed" with its icon, never cut
        change.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        change.setCellFactory(col -> new TableCell<>() {
            private final Label badge = StatusBadge.label(Tone.NEUTRAL, "");

            @Override
            protected void updateItem(DiffEntry e, boolean empty) {
                super.updateItem(e, empty);
                if (empty || e == null) {
                    setGraphic(null);
                } else {
                    StatusBadge.update(badge, e.tone(), e.change());
                    setGraphic(badge);
                }
            }
        });
        change.setSortable(false);
        TableColumn<DiffEntry, String> item = new TableColumn<>("Pool / dock / profile");
        item.setPrefWidth(190);
        item.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().item()));
        TableColumn<DiffEntry, String> what = new TableColumn<>("What changed");
        what.setPrefWidth(520);
        what.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().summary()));
        what.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setTooltip(empty || s == null ? null : new Tooltip(s));
            }
        });
        table.getColumns().setAll(List.of(change, item, what));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(DiffEntry e, boolean empty) {
                super.updateItem(e, empty);
                DiffEntry.Kind k = empty || e == null ? null : e.kind();
                pseudoClassStateChanged(ADDED, k == DiffEntry.Kind.POOL_ADDED);
                pseudoClassStateChanged(REMOVED, k == DiffEntry.Kind.POOL_REMOVED);
                pseudoClassStateChanged(CHANGED, k == DiffEntry.Kind.POOL_CHANGED);
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selected().set(b));
        vm.selected().addListener((o, a, b) -> {
            if (b != table.getSelectionModel().getSelectedItem()) {
                if (b == null) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(b);
                }
            }
        });
    }

    private static Region sep() {
        Region r = new Region();
        r.setMinWidth(8);
        return r;
    }
}
