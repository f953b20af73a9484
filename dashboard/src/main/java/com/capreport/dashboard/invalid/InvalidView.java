package com.capreport.dashboard.invalid;

import com.capreport.model.Estate;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;

/** The invalid entries: what someone wrote under the prefix that is not a valid document. */
public final class InvalidView extends BorderPane {
    private final TableView<Estate.InvalidEntry> table;

    public InvalidView(InvalidViewModel vm) {
        setId("invalidView");
        Label help = new Label("Keys under the prefix whose values do not parse. They are ignored; fix or delete them "
                + "in etcd (etcdctl del KEY).");
        help.setWrapText(true);
        help.setPadding(new Insets(6, 8, 6, 8));
        help.getStyleClass().add("muted");
        table = new TableView<>(vm.entries());
        table.setId("invalidTable");
        table.setPlaceholder(new Label("No invalid entries"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Estate.InvalidEntry, String> key = new TableColumn<>("Key");
        key.setPrefWidth(380);
        key.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().key()));
        TableColumn<Estate.InvalidEntry, String> error = new TableColumn<>("Error");
        error.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().error()));
        error.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setTooltip(empty || s == null ? null : new Tooltip(s));
            }
        });
        table.getColumns().addAll(List.of(key, error));
        setTop(help);
        setCenter(table);
    }

    /** Selects and shows the entry of this key. */
    public void select(String key) {
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).key().equals(key)) {
                table.getSelectionModel().select(i);
                table.scrollTo(i);
                return;
            }
        }
    }

    public TableView<Estate.InvalidEntry> table() {
        return table;
    }
}
