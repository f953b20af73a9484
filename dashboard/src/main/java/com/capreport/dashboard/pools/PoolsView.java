package com.capreport.dashboard.pools;

import com.capreport.dashboard.common.CellTip;
import com.capreport.dashboard.common.Columns;
import com.capreport.dashboard.common.Filterable;
import com.capreport.dashboard.common.Formats;
import com.capreport.dashboard.common.StatusBadge;
import com.capreport.model.PoolSpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.collections.WeakMapChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.controlsfx.control.textfield.TextFields;

/** The pools table with its filter bar and the details pane of the selected pool. */
public final class PoolsView extends BorderPane implements Filterable {
    static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
    static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    private final PoolsViewModel vm;
    private final TableView<PoolRow> table = new TableView<>();
    private final TextField filter;

    public PoolsView(PoolsViewModel vm) {
        this.vm = vm;
        getStyleClass().add("pools-view");
        setId("poolsView");

        filter = TextFields.createClearableTextField();
        filter.setId("poolFilter");
        Filterable.clearOnEscape(filter);
        filter.setPromptText("Filter pools (Ctrl+F): name, dock, backend, capability…");
        filter.textProperty().bindBidirectional(vm.textFilter());
        HBox.setHgrow(filter, Priority.ALWAYS);
        filter.setMaxWidth(420);
        ComboBox<String> dock = combo("dockFilter", vm.dockChoices(), vm.dockFilter().get());
        dock.valueProperty().bindBidirectional(vm.dockFilter());
        ComboBox<String> backend = combo("backendFilter", vm.backendChoices(), vm.backendFilter().get());
        backend.valueProperty().bindBidirectional(vm.backendFilter());
        ComboBox<String> status = combo("statusFilter", vm.statusChoices(), vm.statusFilter().get());
        status.valueProperty().bindBidirectional(vm.statusFilter());
        Label count = new Label();
        count.getStyleClass().add("muted");
        count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.visibleRows().size() + " of " + vm.rows().size() + " pools", vm.visibleRows(), vm.rows()));
        // The details pane can be put away: at 1280 px the table then gives every column its full width.
        ToggleButton showDetails = new ToggleButton("Details");
        showDetails.setId("poolDetailsToggle");
        showDetails.setSelected(true);
        showDetails.setTooltip(new Tooltip("Show or hide the selected pool's details on the right (drag the divider "
                + "to resize them)"));
        HBox bar = new HBox(8, filter, new Label("dock"), dock, new Label("backend"), backend, new Label("status"),
                status, count, showDetails);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("filter-bar");

        buildTable();
        SortedList<PoolRow> sorted = new SortedList<>(vm.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        // A sorted list inserts each added row at its place, shifting and renumbering all the others:
        // quadratic for the 10,000 rows of a first load. Unsorted while the rows are replaced, it passes
        // them through, and sorts them all at once when its comparator comes back.
        vm.replacing().addListener((o, was, now) -> {
            if (now) {
                sorted.comparatorProperty().unbind();
                sorted.setComparator(null);
            } else {
                sorted.comparatorProperty().bind(table.comparatorProperty());
            }
        });
        table.setItems(sorted);
        table.setPlaceholder(new Label("No pools reported yet (or none match the filters)"));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selected().set(b);
            }
        });
        // Rows are replaced by id on updates: keep the table's selection on the same pool.
        vm.selected().addListener((o, a, b) -> {
            if (b != null && table.getSelectionModel().getSelectedItem() != b) {
                int i = sorted.indexOf(b);
                if (i >= 0) {
                    table.getSelectionModel().select(i);
                }
            }
        });

        PoolDetailsView details = new PoolDetailsView(vm);
        StackPane holder = new StackPane(table);
        // The split never squeezes the table below its columns' minimum widths: the details pane gives way
        // (down to its own minimum), so no column is cut off by it at 1280 px.
        holder.minWidthProperty().bind(Bindings.createDoubleBinding(() -> table.getVisibleLeafColumns().stream()
                .mapToDouble(TableColumn::getMinWidth).sum() + 16, table.getVisibleLeafColumns()));
        // Below 1280 px the minimums cannot all hold: the view then stays in the window (the split squeezes)
        // instead of growing the window's content past its edge.
        setMinWidth(0);
        SplitPane split = new SplitPane(holder, details);
        split.setDividerPositions(0.75);
        SplitPane.setResizableWithParent(details, false);
        showDetails.selectedProperty().addListener((o, was, shown) -> {
            if (shown) {
                split.getItems().add(details);
                split.setDividerPositions(0.75);
            } else {
                split.getItems().remove(details);
            }
        });
        setTop(bar);
        setCenter(split);
    }

    private static ComboBox<String> combo(String id, javafx.collections.ObservableList<String> items, String value) {
        ComboBox<String> c = new ComboBox<>(items);
        c.setId(id);
        c.setValue(value);
        c.setPrefWidth(130);
        return c;
    }

    @Override
    public TextField filterField() {
        return filter;
    }

    public TableView<PoolRow> table() {
        return table;
    }

    /** Re-renders visible cells so ages move on. */
    public void tick() {
        table.refresh();
    }

    private void buildTable() {
        table.setId("poolsTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setTableMenuButtonVisible(true);
        table.setRowFactory(t -> new PoolTableRow(vm));

        TableColumn<PoolRow, String> name = text("Name", r -> r.pool().name(), 110);
        TableColumn<PoolRow, String> dock = text("Dock", r -> r.pool().dockId(), 70);
        TableColumn<PoolRow, String> backend = text("Backend", r -> r.pool().backend(), 75);
        TableColumn<PoolRow, String> type = text("Type", r -> r.pool().storageType(), 48);
        TableColumn<PoolRow, String> az = text("AZ", r -> r.pool().availabilityZone(), 60);

        TableColumn<PoolRow, PoolRow> status = new TableColumn<>("Status");
        status.setId("statusColumn");
        // "not current" and "stale · 3 min" are the words that matter most here: the column keeps room for them
        // (the cell drops what does not fit, see StatusCell, rather than ending in "…").
        status.setPrefWidth(150);
        status.setMinWidth(128);
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        // Worst first (error, degraded, stale, unavailable, available), from the typed status, not the words.
        status.setComparator(Comparator.comparingInt((PoolRow r) -> com.capreport.model.attention.Attention.poolRank(
                r.pool().status(), r.isStale())).thenComparing(PoolRow::statusWord));
        status.setCellFactory(c -> new StatusCell(vm));

        TableColumn<PoolRow, PoolRow> used = new TableColumn<>("Used");
        used.setPrefWidth(95);
        used.setMinWidth(56);
        used.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        used.setComparator(Comparator.comparingDouble(r -> r.pool().usedFraction()));
        used.setCellFactory(c -> new UsedCell());

        TableColumn<PoolRow, Long> free = bytes("Free", r -> r.pool().freeCapacityBytes());
        TableColumn<PoolRow, Long> total = bytes("Total", r -> r.pool().totalCapacityBytes());

        TableColumn<PoolRow, String> prov = text("Provisioning", PoolRow::provisioning, 96);
        TableColumn<PoolRow, String> access = text("Protocol", PoolRow::accessProtocol, 66);
        TableColumn<PoolRow, String> rec = text("Sources", PoolRow::recoverableSources, 64);
        TableColumn<PoolRow, String> geo = text("Geo obj.", PoolRow::geoObjective, 64);
        TableColumn<PoolRow, String> eff = text("Space eff.", PoolRow::spaceEfficient, 76);
        prov.setUserData(PoolRow.PROVISIONING);
        access.setUserData(PoolRow.ACCESS);
        rec.setUserData(PoolRow.RECOVERABLE);
        geo.setUserData(PoolRow.GEO);
        eff.setUserData(PoolRow.SPACE_EFFICIENT);
        // Identifiers an admin reads first must not turn into "demo…": they keep room, capability columns share the
        // rest. The minimums add up to what fits beside the details pane (at its minimum) at 1280 px; a capability
        // cut short shows itself whole on hover (CellTip), and hiding the details gives the columns their room back.
        name.setMinWidth(100);
        dock.setMinWidth(76);
        backend.setMinWidth(68);
        az.setMinWidth(64);
        type.setMinWidth(42);
        prov.setMinWidth(52);
        access.setMinWidth(50);
        rec.setMinWidth(34);
        geo.setMinWidth(48); // "Server" whole
        eff.setMinWidth(38);
        shortHeader(prov, "Prov.", "Provisioning policy");
        shortHeader(access, "Proto.", "Access protocol");
        shortHeader(rec, "Src.", "Recoverable capacity sources");
        shortHeader(geo, "Geo", "Recovery geographic objective");
        shortHeader(eff, "Eff.", "Space efficient");

        table.getColumns().addAll(java.util.List.of(name, dock, backend, type, az, status, used, free, total, prov,
                access, rec, geo, eff));
        // By default the worst pools come first, by name within a status; a click on a header sorts by that column.
        table.getSortOrder().setAll(java.util.List.of(status, name));
    }

    /**
     * The header says the column's title while it fits and {@code shortTitle} when the column is narrower
     * ("Provisioning" at 1920 px, "Prov." beside the details pane at 1280 px); the full name and the capability's
     * path are on hover either way. The column keeps its title for the column menu.
     */
    private static void shortHeader(TableColumn<PoolRow, String> c, String shortTitle, String fullName) {
        String title = c.getText();
        Label header = new Label(title);
        header.setId("header-" + shortTitle.replace(".", ""));
        new CellTip(header).set(fullName + " (" + c.getUserData() + ")");
        Runnable fit = () -> {
            Text probe = new Text(title);
            probe.setFont(header.getFont());
            // The header's padding takes about 12 px beside the words, a sort arrow 16 more.
            boolean sorted = c.getTableView() != null && c.getTableView().getSortOrder().contains(c);
            header.setText(probe.getLayoutBounds().getWidth() + 12 + (sorted ? 16 : 0) <= c.getWidth() ? title
                    : shortTitle);
        };
        c.widthProperty().addListener((o, was, now) -> fit.run());
        header.fontProperty().addListener((o, was, now) -> fit.run());
        c.tableViewProperty().addListener((o, was, now) -> {
            if (now != null) {
                now.getSortOrder().addListener((ListChangeListener<TableColumn<PoolRow, ?>>) ch -> fit.run());
            }
        });
        fit.run();
        c.setGraphic(header);
        c.setText("");
    }

    private static TableColumn<PoolRow, String> text(String title, Function<PoolRow, String> f, double width) {
        return Columns.text(title, f, width, 12);
    }

    private static TableColumn<PoolRow, Long> bytes(String title, Function<PoolRow, Long> f) {
        TableColumn<PoolRow, Long> c = new TableColumn<>(title);
        c.setPrefWidth(78);
        c.setMinWidth(68); // "1000 GiB" and "19.5 TiB" fit
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            private final CellTip tip = new CellTip(this);

            @Override
            protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    tip.set(null);
                } else {
                    setText(Formats.bytes(item));
                    tip.set(Formats.exactBytes(item));
                }
            }
        });
        c.getStyleClass().add("numeric");
        return c;
    }

    /**
     * Status word + icon + colour; stale rows say since when nobody reported them. The rows are of fixed height (a
     * second line is not an option), so the cell says the longest of its forms that fits its column — "not current
     * · 12 min ago", "not current · 12 min", "not current" — and the tooltip says all of it, with the reason.
     */
    static final class StatusCell extends TableCell<PoolRow, PoolRow> {
        /** The badge's icon, the gap after it and the cell's padding, beside the words. */
        private static final double BESIDE_WORDS = 12 + 5 + 8;
        private final PoolsViewModel vm;
        private final Label badge = StatusBadge.label(com.capreport.dashboard.common.Tone.OK, "");
        private final CellTip tip = new CellTip(this);
        private final Text probe = new Text();
        private boolean followsWidth;

        StatusCell(PoolsViewModel vm) {
            this.vm = vm;
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(PoolRow r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setGraphic(null);
                tip.set(null);
                return;
            }
            if (!followsWidth && getTableColumn() != null) {
                followsWidth = true;
                getTableColumn().widthProperty().addListener((o, was, now) -> {
                    if (getItem() != null && !isEmpty()) {
                        show(getItem());
                    }
                });
            }
            show(r);
        }

        private void show(PoolRow r) {
            Instant now = vm.now().get();
            List<String> forms = List.of(r.statusWord());
            String tipText = r.effectiveStatus();
            if (r.isStale()) {
                String age = Formats.age(r.staleSince(), now);
                forms = List.of(r.statusWord() + " · " + age, r.statusWord() + " · "
                        + age.replaceFirst(" ago$", ""), r.statusWord());
                tipText = r.statusWord() + " " + age + ": " + r.staleText(now) + ". Values may be out of date.";
            } else if (r.pool().updatedAt() != null) {
                tipText = r.effectiveStatus() + "; last change " + Formats.absolute(r.pool().updatedAt());
            }
            StatusBadge.update(badge, r.tone(), fitting(forms));
            tip.set(tipText);
            setGraphic(badge);
        }

        /** The first form whose words fit the column (measured in the badge's font, bold allowed for). */
        private String fitting(List<String> forms) {
            double room = getTableColumn() == null ? Double.MAX_VALUE : getTableColumn().getWidth() - BESIDE_WORDS;
            Font f = badge.getFont();
            probe.setFont(Font.font(f.getFamily(), FontWeight.BOLD, f.getSize()));
            for (String form : forms) {
                probe.setText(form);
                if (probe.getLayoutBounds().getWidth() <= room) {
                    return form;
                }
            }
            return forms.get(forms.size() - 1);
        }
    }

    /**
     * A used | reserved | free bar with the used percentage (of what writers can have, as df) on it;
     * the tooltip says how much of each.
     */
    static final class UsedCell extends TableCell<PoolRow, PoolRow> {
        private final CapacityBar bar = new CapacityBar();
        private final Label pct = new Label();
        private final StackPane box = new StackPane(bar, pct);
        private final CellTip tip = new CellTip(this);

        UsedCell() {
            pct.getStyleClass().add("used-pct");
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(PoolRow r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setGraphic(null);
                tip.set(null);
                return;
            }
            PoolSpec p = r.pool();
            double total = p.totalCapacityBytes();
            bar.set(total == 0 ? 0 : p.usedBytes() / total, total == 0 ? 0 : p.reservedBytes() / total,
                    p.usedFraction() >= 0.85);
            pct.setText(CapacityText.percent(p));
            tip.set(CapacityText.tooltip(p));
            setGraphic(box);
        }
    }

    /** A row that lights up (pseudo-class {@code :changed}) while its pool is in the recently-changed set. */
    static final class PoolTableRow extends TableRow<PoolRow> {
        private final PoolsViewModel vm;
        // Held strongly here, weakly by the map: table.refresh() throws rows away and makes new ones.
        private final MapChangeListener<String, Instant> onChanged;

        PoolTableRow(PoolsViewModel vm) {
            this.vm = vm;
            this.onChanged = ch -> {
                PoolRow r = getItem();
                if (r != null && r.id().equals(ch.getKey())) {
                    pseudoClassStateChanged(CHANGED, vm.changed().containsKey(r.id()));
                }
            };
            vm.changed().addListener(new WeakMapChangeListener<>(onChanged));
        }

        @Override
        protected void updateItem(PoolRow r, boolean empty) {
            super.updateItem(r, empty);
            boolean live = !empty && r != null;
            pseudoClassStateChanged(CHANGED, live && vm.changed().containsKey(r.id()));
            pseudoClassStateChanged(STALE, live && r.isStale());
        }
    }
}
