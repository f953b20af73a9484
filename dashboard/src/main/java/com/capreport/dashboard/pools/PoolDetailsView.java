package com.capreport.dashboard.pools;

import com.capreport.dashboard.common.Formats;
import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.Json;
import com.capreport.model.PoolSpec;
import java.time.Instant;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The selected pool: status, capacity, times, the capability tree by source, and the raw JSON. */
final class PoolDetailsView extends VBox {
    private final PoolsViewModel vm;
    private final Label title = new Label("No pool selected");
    private final Label status = StatusBadge.label(Tone.NEUTRAL, "");
    private final GridPane facts = new GridPane();
    private final TreeView<CapabilityNode> tree = new TreeView<>();
    private final TextArea json = new TextArea();
    private String shownJsonFor;

    PoolDetailsView(PoolsViewModel vm) {
        this.vm = vm;
        setId("poolDetails");
        getStyleClass().add("details");
        setPadding(new Insets(8));
        setSpacing(6);
        // It gives way to the table's columns at 1280 px down to this; what it shows wraps rather than ending in "…".
        setMinWidth(190);
        setPrefWidth(310);
        setMaxWidth(560);
        title.getStyleClass().add("details-title");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        facts.setMinHeight(Region.USE_PREF_SIZE);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(0);
        facts.getColumnConstraints().setAll(keys, values);
        facts.setHgap(8);
        facts.setVgap(3);
        tree.setShowRoot(false);
        tree.setId("capabilityTree");
        tree.setCellFactory(t -> new CapabilityCell());
        VBox.setVgrow(tree, Priority.ALWAYS);
        tree.setMinHeight(120);
        Label legend = new Label("● green: discovered from the backend\n◆ blue: configured by the admin");
        legend.getStyleClass().add("muted");
        legend.setWrapText(true);
        legend.setMinHeight(Region.USE_PREF_SIZE);
        json.setEditable(false);
        json.setId("rawJson");
        json.getStyleClass().add("mono");
        json.setPrefRowCount(14);
        TitledPane raw = new TitledPane("Raw JSON", json);
        raw.setExpanded(false);
        getChildren().addAll(title, status, facts, new Label("Capabilities"), tree, legend, raw);
        vm.selected().addListener((o, a, b) -> show(b));
        vm.now().addListener((o, a, b) -> show(vm.selected().get()));
        show(null);
    }

    private void show(PoolRow r) {
        facts.getChildren().clear();
        if (r == null) {
            title.setText("No pool selected");
            status.setVisible(false);
            tree.setRoot(null);
            json.clear();
            shownJsonFor = null;
            return;
        }
        PoolSpec p = r.pool();
        Instant now = vm.now().get();
        title.setText(com.capreport.model.PoolNames.withBackend(p));
        status.setVisible(true);
        StatusBadge.update(status, r.tone(), r.isStale()
                ? r.statusWord() + ": " + r.staleText(now)
                : r.statusWord());
        int row = 0;
        String capacityTip = CapacityText.tooltip(p) + "\ntotal " + Formats.exactBytes(p.totalCapacityBytes());
        fact(row++, "Used", CapacityText.percent(p) + " · " + Formats.bytes(p.usedBytes()), capacityTip);
        if (p.reservedBytes() > 0) {
            fact(row++, "Reserved", Formats.bytes(p.reservedBytes()) + " for root", capacityTip);
        }
        fact(row++, "Free", Formats.bytes(p.freeCapacityBytes()) + " of " + Formats.bytes(p.totalCapacityBytes()),
                capacityTip);
        fact(row++, "Driver", p.driver() + (p.nativeId().equals(p.name()) ? "" : " (" + p.nativeId() + ")"), null);
        fact(row++, "Created", Formats.age(p.createdAt(), now), Formats.absolute(p.createdAt()));
        fact(row++, "Updated", Formats.age(p.updatedAt(), now), Formats.absolute(p.updatedAt()));
        fact(row, "Pool id", p.id(), p.id());
        String id = p.id() + "@" + p.updatedAt() + p.hashCode();
        if (!id.equals(shownJsonFor)) {
            shownJsonFor = id;
            tree.setRoot(item(CapabilityNode.of(p)));
            json.setText(Json.pretty(p));
        }
    }

    private void fact(int row, String name, String value, String tooltip) {
        Label k = new Label(name);
        k.getStyleClass().add("muted");
        k.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value);
        v.setWrapText(true);
        // A pool id has no spaces: it breaks where it must, on as many lines as it needs, never "6c17…".
        v.setMinHeight(Region.USE_PREF_SIZE);
        if (tooltip != null) {
            v.setTooltip(new Tooltip(tooltip));
        }
        facts.addRow(row, k, v);
    }

    private static TreeItem<CapabilityNode> item(CapabilityNode n) {
        TreeItem<CapabilityNode> t = new TreeItem<>(n);
        n.children().forEach(c -> t.getChildren().add(item(c)));
        t.setExpanded(true);
        return t;
    }

    /** "ProvisioningPolicy  Thin, Fixed   discovered" with a marker shape per source. */
    private static final class CapabilityCell extends TreeCell<CapabilityNode> {
        @Override
        protected void updateItem(CapabilityNode n, boolean empty) {
            super.updateItem(n, empty);
            getStyleClass().removeAll("cap-discovered", "cap-configured", "cap-group");
            if (empty || n == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            if (!n.isLeaf()) {
                setText(n.name());
                setGraphic(null);
                getStyleClass().add("cap-group");
                setTooltip(null);
                return;
            }
            Region marker = new Region();
            marker.getStyleClass().addAll("source-marker", "source-" + (n.source().isEmpty() ? "unknown" : n.source()));
            marker.setMinSize(9, 9);
            marker.setMaxSize(9, 9);
            // The marker's shape and colour tell the source (legend below, words in the tooltip): a
            // word tag per line would push the values out of this narrow pane.
            Label text = new Label(n.name() + ": " + n.value());
            text.getStyleClass().add("source-text-" + (n.source().isEmpty() ? "unknown" : n.source()));
            HBox box = new HBox(5, marker, text);
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            setText(null);
            setGraphic(box);
            if (!n.source().isEmpty()) {
                getStyleClass().add("cap-" + n.source());
            }
            setTooltip(new Tooltip(n.name() + " = " + n.value() + (n.source().isEmpty() ? "" : " (" + n.source() + ")")));
        }
    }
}
