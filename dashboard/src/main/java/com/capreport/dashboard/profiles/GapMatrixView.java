package com.capreport.dashboard.profiles;

import com.capreport.dashboard.common.Filterable;
import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.Cell;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.TextFields;

/**
 * Pools × profiles. A virtualized table (rows are pools, one column per profile) so it stays
 * usable with thousands of pools; each cell says match / fails (with the first failing
 * capability) / stale with icon and colour, the reasons in its tooltip and, for the selected
 * cell, in the details area below.
 */
public final class GapMatrixView extends BorderPane implements Filterable {
    private final GapMatrixViewModel vm;
    private final TableView<GapMatrixViewModel.PoolLine> table = new TableView<>();
    private final int fixedColumns;
    private final TextField filter = Filterable.clearOnEscape(TextFields.createClearableTextField());

    public GapMatrixView(GapMatrixViewModel vm) {
        this.vm = vm;
        setId("gapsView");
        filter.setId("gapFilter");
        filter.setPromptText("Filter pools: dock, backend, name, status…");
        filter.setPrefWidth(300);
        filter.textProperty().bindBidirectional(vm.filter());
        Label legend = new Label("cells:");
        legend.getStyleClass().add("muted");
        Label summary = new Label();
        summary.setId("gapSummary");
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(vm.summary());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox bar = new HBox(8, filter, spring, legend, StatusBadge.label(Tone.OK, "match"),
                StatusBadge.label(Tone.ERROR, "fails (reasons in tooltip)"), StatusBadge.label(Tone.STALE,
                "stale (not reported)"), new Label("  "), summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("filter-bar");

        table.setId("gapTable");
        table.setItems(vm.visibleRows());
        table.setPlaceholder(new Label("No pools, or no profiles yet"));
        table.getSelectionModel().setCellSelectionEnabled(true);
        TableColumn<GapMatrixViewModel.PoolLine, String> pool = new TableColumn<>("Pool (dock/backend/name)");
        pool.setPrefWidth(230);
        pool.setMinWidth(160);
        pool.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().where()));
        TableColumn<GapMatrixViewModel.PoolLine, GapMatrixViewModel.PoolLine> status = new TableColumn<>("Status");
        status.setPrefWidth(120);
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        status.setComparator((a, b) -> a.standing().kind().compareTo(b.standing().kind()));
        status.setCellFactory(c -> new TableCell<>() {
            private final Label badge = StatusBadge.label(Tone.OK, "");

            {
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            }

            @Override
            protected void updateItem(GapMatrixViewModel.PoolLine l, boolean empty) {
                super.updateItem(l, empty);
                if (empty || l == null) {
                    setGraphic(null);
                    return;
                }
                StatusBadge.update(badge, Tone.of(l.standing().kind()), l.status());
                setGraphic(badge);
            }
        });
        table.getColumns().addAll(List.of(pool, status));
        fixedColumns = table.getColumns().size();
        vm.columns().addListener((ListChangeListener<ProfileSpec>) c -> rebuildColumns());
        rebuildColumns();
        table.getSelectionModel().getSelectedCells().addListener(
                (ListChangeListener<TablePosition>) c -> selectionChanged());

        TextArea details = new TextArea();
        details.setId("gapDetails");
        details.setEditable(false);
        details.setWrapText(true);
        details.textProperty().bind(vm.details());
        details.setPrefRowCount(5);
        Label detailsTitle = ProfilesView.section("Why (selected cell)");
        VBox bottom = new VBox(4, detailsTitle, details);
        VBox.setVgrow(details, Priority.ALWAYS);
        bottom.setPadding(new Insets(6, 8, 8, 8));
        bottom.getStyleClass().add("details");
        SplitPane split = new SplitPane(table, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.78);
        setTop(bar);
        setCenter(split);
    }

    @Override
    public TextField filterField() {
        return filter;
    }

    public TableView<GapMatrixViewModel.PoolLine> table() {
        return table;
    }

    private void selectionChanged() {
        List<TablePosition> cells = table.getSelectionModel().getSelectedCells();
        if (cells.isEmpty()) {
            return;
        }
        TablePosition<?, ?> p = cells.get(cells.size() - 1);
        if (p.getRow() < 0 || p.getRow() >= table.getItems().size() || p.getTableColumn() == null) {
            return;
        }
        Object profileId = p.getTableColumn().getUserData();
        if (profileId instanceof String id) {
            vm.select(table.getItems().get(p.getRow()).pool().id(), id);
        }
    }

    private void rebuildColumns() {
        table.getColumns().remove(fixedColumns, table.getColumns().size());
        for (ProfileSpec p : vm.columns()) {
            TableColumn<GapMatrixViewModel.PoolLine, GapMatrixViewModel.PoolLine> c = new TableColumn<>();
            c.setUserData(p.id());
            // Wide enough for the longest word its cells can show; a long profile name wraps (the header grows)
            // and the tooltip holds the name, id and requirements.
            double width = columnWidth(p);
            Label header = new Label(p.name());
            header.setWrapText(true);
            header.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
            header.setMaxWidth(width - 12);
            header.setMinHeight(Region.USE_PREF_SIZE);
            header.setTooltip(new Tooltip(p.name() + " (" + p.id() + ")\n" + p.requirements().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().trim()).collect(Collectors.joining("\n"))));
            c.setGraphic(header);
            c.setPrefWidth(width);
            c.setMinWidth(90);
            c.setSortable(false);
            c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
            c.setCellFactory(col -> new MatrixCell(vm, p.id()));
            table.getColumns().add(c);
        }
    }

    /**
     * What the widest of a profile's cells needs: its cells say "match", "stale", "fails (n reasons)"
     * or "fails: " and a short requirement name (see {@link GapMatrixViewModel#cellText}), so the
     * requirements bound it. Bold, as the badges are, plus the icon and the cell's padding.
     */
    static double columnWidth(ProfileSpec p) {
        java.util.List<String> words = new java.util.ArrayList<>(java.util.List.of("fails (10 reasons)", "match",
                "stale"));
        for (String path : p.requirements().keySet()) {
            String leaf = ProfileTexts.shortPath(path);
            if (leaf.length() <= GapMatrixViewModel.SHORT) {
                words.add("fails: no " + leaf);
            }
        }
        javafx.scene.text.Text t = new javafx.scene.text.Text();
        t.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
                javafx.scene.text.FontWeight.BOLD, 12));
        double widest = 0;
        for (String w : words) {
            t.setText(w);
            widest = Math.max(widest, t.getLayoutBounds().getWidth());
        }
        return Math.min(260, Math.max(120, Math.ceil(widest) + 40));
    }

    /** One profile × pool verdict: word, icon, colour, and the reasons in the tooltip. */
    static final class MatrixCell extends TableCell<GapMatrixViewModel.PoolLine, GapMatrixViewModel.PoolLine> {
        /** A light tint per verdict, so the matrix reads as a map at a glance (the word and icon stay). */
        static final Map<Cell, PseudoClass> PSEUDO = Map.of(Cell.MATCH, PseudoClass.getPseudoClass("match"),
                Cell.FAILS, PseudoClass.getPseudoClass("fails"), Cell.STALE, PseudoClass.getPseudoClass("stale"));
        private final GapMatrixViewModel vm;
        private final String profileId;
        private final Label badge = StatusBadge.label(Tone.OK, "");
        private final Tooltip tip = new Tooltip();

        MatrixCell(GapMatrixViewModel vm, String profileId) {
            this.vm = vm;
            this.profileId = profileId;
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            tip.setWrapText(true);
            tip.setMaxWidth(520);
        }

        @Override
        protected void updateItem(GapMatrixViewModel.PoolLine l, boolean empty) {
            super.updateItem(l, empty);
            if (empty || l == null) {
                setGraphic(null);
                setTooltip(null);
                PSEUDO.values().forEach(pc -> pseudoClassStateChanged(pc, false));
                return;
            }
            Cell cell = vm.cell(profileId, l);
            StatusBadge.update(badge, ProfilesView.tone(cell), vm.cellText(profileId, l));
            for (Cell c : Cell.values()) {
                pseudoClassStateChanged(PSEUDO.get(c), c == cell);
            }
            tip.setText(vm.tooltip(profileId, l));
            setTooltip(tip);
            setGraphic(badge);
        }

    }
}
