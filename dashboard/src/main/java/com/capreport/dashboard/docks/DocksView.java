package com.capreport.dashboard.docks;

import com.capreport.dashboard.common.Formats;
import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** Every dock with its report loops; "Discover now" on the selected dock or loop. */
public final class DocksView extends BorderPane {
    private final DocksViewModel vm;
    private final TreeTableView<DockEntry> tree = new TreeTableView<>();
    private final TreeItem<DockEntry> root = new TreeItem<>();

    public DocksView(DocksViewModel vm, Consumer<Runnable> fx) {
        this.vm = vm;
        setId("docksView");
        getStyleClass().add("docks-view");

        Button discover = new Button("Discover now");
        discover.setId("discoverNow");
        // A long outcome line (a TLS hint) wraps; it must not squeeze the button to "Discove...".
        discover.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        discover.setTooltip(new Tooltip("Ask the selected dock (or loop) over gRPC to run a discovery cycle now"));
        discover.disableProperty().bind(tree.getSelectionModel().selectedItemProperty().isNull()
                .or(vm.discovering()).or(vm.readOnly()));
        discover.setOnAction(e -> {
            TreeItem<DockEntry> sel = tree.getSelectionModel().getSelectedItem();
            if (sel == null) {
                return;
            }
            DockEntry entry = sel.getValue();
            String backend = entry instanceof DockEntry.Loop l ? l.backend() : "";
            vm.docks().stream().filter(d -> d.dockId().equals(entry.dockId())).findFirst()
                    .ifPresent(d -> vm.discoverNow(d, backend, fx));
        });
        Label result = new Label();
        result.setId("discoverResult");
        result.textProperty().bind(vm.discoverResult());
        result.setWrapText(true);
        result.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(result, Priority.ALWAYS);
        result.setTooltip(new Tooltip());
        result.getTooltip().textProperty().bind(vm.discoverResult());
        HBox bar = new HBox(10, discover, result);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("filter-bar");

        buildTree();
        setTop(bar);
        setCenter(tree);
        vm.docks().addListener((javafx.collections.ListChangeListener<DockEntry.Dock>) c -> rebuild());
        vm.blindSince().addListener((o, was, is) -> tree.refresh());
        rebuild();
    }

    public TreeTableView<DockEntry> tree() {
        return tree;
    }

    public void tick() {
        tree.refresh();
    }

    /** Selects and shows the dock ({@code dockId}) or loop ({@code dockId/backend}) with this key. */
    public void select(String key) {
        for (TreeItem<DockEntry> d : root.getChildren()) {
            for (TreeItem<DockEntry> i : concat(d)) {
                if (i.getValue().key().equals(key)) {
                    tree.getSelectionModel().select(i);
                    int row = tree.getRow(i);
                    if (row >= 0) {
                        tree.scrollTo(row);
                    }
                    return;
                }
            }
        }
    }

    private static java.util.List<TreeItem<DockEntry>> concat(TreeItem<DockEntry> dock) {
        java.util.List<TreeItem<DockEntry>> all = new java.util.ArrayList<>();
        all.add(dock);
        all.addAll(dock.getChildren());
        return all;
    }

    private void rebuild() {
        String selectedKey = Optional.ofNullable(tree.getSelectionModel().getSelectedItem())
                .map(i -> i.getValue().key()).orElse(null);
        // Built aside and set at once: adding items one by one to a shown tree recounts its rows on every add.
        java.util.List<TreeItem<DockEntry>> items = new java.util.ArrayList<>(vm.docks().size());
        TreeItem<DockEntry> reselect = null;
        for (DockEntry.Dock d : vm.docks()) {
            TreeItem<DockEntry> di = new TreeItem<>(d);
            di.setExpanded(true);
            if (d.key().equals(selectedKey)) {
                reselect = di;
            }
            for (DockEntry.Loop l : d.loops()) {
                TreeItem<DockEntry> li = new TreeItem<>(l);
                di.getChildren().add(li);
                if (l.key().equals(selectedKey)) {
                    reselect = li;
                }
            }
            items.add(di);
        }
        root.getChildren().setAll(items);
        if (reselect != null) {
            tree.getSelectionModel().select(reselect);
        }
    }

    private void buildTree() {
        tree.setId("docksTree");
        tree.setRoot(root);
        tree.setShowRoot(false);
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tree.setPlaceholder(new Label("No docks have registered under this prefix yet"));
        tree.setRowFactory(t -> new TreeTableRow<>() {
            @Override
            protected void updateItem(DockEntry item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("dock"), item instanceof DockEntry.Dock);
            }
        });

        // The dock's id and name read whole at 205 px in most estates; a longer name wraps.
        TreeTableColumn<DockEntry, String> name = text("Dock / backend", e -> e instanceof DockEntry.Dock d
                ? d.dockId() + (d.name().equals(d.dockId()) ? "" : " (" + d.name() + ")") : ((DockEntry.Loop) e).backend(), 205);
        TreeTableColumn<DockEntry, DockEntry> state = new TreeTableColumn<>("State");
        state.setPrefWidth(110);
        state.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        state.setCellFactory(c -> new StateCell());
        TreeTableColumn<DockEntry, String> where = text("Host / driver", e -> e instanceof DockEntry.Dock d
                ? d.host() + (d.endpoint().isEmpty() ? "" : "  gRPC " + d.endpoint())
                : ((DockEntry.Loop) e).driver(), 170);
        TreeTableColumn<DockEntry, String> success = text("Reporting", e -> e instanceof DockEntry.Dock d
                ? LivenessTexts.dockReporting(d, now(), vm.blindSince().get())
                : LivenessTexts.reporting((DockEntry.Loop) e, now(), vm.blindSince().get()), 230);
        TreeTableColumn<DockEntry, String> since = text("State since", e -> e instanceof DockEntry.Dock d
                ? LivenessTexts.dockSince(d, now())
                : ((DockEntry.Loop) e).since().map(t -> Formats.clockAndAge(t, now())).orElse("—"), 175);
        TreeTableColumn<DockEntry, String> pools = text("Pools", e -> e instanceof DockEntry.Loop l && l.poolCount() >= 0
                ? Integer.toString(l.poolCount()) : "", 50);
        TreeTableColumn<DockEntry, String> error = text("Last error", e -> errorText(e, now()), 150);
        // A fully qualified host name, "dead since after its last report 13:20:01 (17 min)", the reason: they wrap
        // in place (the row grows) rather than ending in "…" at 1280 px.
        for (TreeTableColumn<DockEntry, String> c : java.util.List.of(where, success, since, error)) {
            c.setCellFactory(col -> new WrappingTreeCell());
        }
        name.setCellFactory(col -> new WrappingTreeCell(true));
        tree.getColumns().addAll(java.util.List.of(name, state, where, success, since, pools, error));
    }

    private static String errorText(DockEntry e, Instant now) {
        return e instanceof DockEntry.Dock d ? LivenessTexts.dockError(d) : LivenessTexts.loopError((DockEntry.Loop) e, now);
    }

    private Instant now() {
        return vm.now().get();
    }

    private static TreeTableColumn<DockEntry, String> text(String title, Function<DockEntry, String> f, double width) {
        TreeTableColumn<DockEntry, String> c = new TreeTableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().getValue() == null ? ""
                : f.apply(cd.getValue().getValue())));
        c.setCellFactory(col -> new TreeTableCell<>() {
            private final Tooltip tip = new Tooltip();

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                if (!empty && item != null && item.length() > 15) {
                    tip.setText(item);
                    setTooltip(tip);
                } else {
                    setTooltip(null);
                }
            }
        });
        return c;
    }

    /** The reason wraps in place (the row grows) rather than ending in "…"; the full text is also on hover. */
    private static final class WrappingTreeCell extends TreeTableCell<DockEntry, String> {
        /** Where the tree column's words start: the disclosure arrow, then 12 px more per level below the docks. */
        private static final double ARROW = 24;
        private static final double LEVEL = 12;
        private final javafx.scene.text.Text text = new javafx.scene.text.Text();
        private final Tooltip tip = new Tooltip();
        private final boolean treeColumn;
        private final DoubleProperty indent = new SimpleDoubleProperty();

        WrappingTreeCell() {
            this(false);
        }

        /** @param treeColumn the column with the disclosure arrows: the words wrap in what the arrow and indent leave */
        WrappingTreeCell(boolean treeColumn) {
            this.treeColumn = treeColumn;
            text.getStyleClass().add("wrapping-text");
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null || item.isEmpty()) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            // The cell keeps its words as its text too (not drawn: graphic only), for whatever reads cells by text.
            setText(item);
            if (!text.wrappingWidthProperty().isBound() && getTableColumn() != null) {
                text.wrappingWidthProperty().bind(getTableColumn().widthProperty().subtract(12).subtract(indent));
            }
            if (treeColumn && getTableRow() != null && getTableRow().getTreeItem() != null) {
                int level = getTreeTableView().getTreeItemLevel(getTableRow().getTreeItem());
                indent.set(ARROW + LEVEL * Math.max(0, level - 1));
            }
            text.setText(item);
            tip.setText(item);
            setTooltip(tip);
            setGraphic(text);
        }
    }

    private static final class StateCell extends TreeTableCell<DockEntry, DockEntry> {
        private final Label badge = StatusBadge.label(Tone.OK, "");

        StateCell() {
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(DockEntry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                return;
            }
            StatusBadge.update(badge, e.tone(), e.word());
            setGraphic(badge);
        }
    }
}
