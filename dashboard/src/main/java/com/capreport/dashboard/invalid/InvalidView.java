package com.capreport.dashboard.invalid;

import com.capreport.model.Estate;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import com.capreport.dashboard.common.Columns;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.text.Text;

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
        TableColumn<Estate.InvalidEntry, String> key = Columns.text("Key", Estate.InvalidEntry::key, 360, 40);
        key.setMinWidth(200);
        // The key has its own column: the error column says what is wrong, without the key again, and wraps.
        TableColumn<Estate.InvalidEntry, String> error = new TableColumn<>("Error");
        error.setMinWidth(240);
        error.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(InvalidViewModel.problem(c.getValue())));
        error.setCellFactory(c -> new TableCell<>() {
            private final Text text = new Text();

            {
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
                text.getStyleClass().add("wrapping-text");
                text.wrappingWidthProperty().bind(error.widthProperty().subtract(12));
            }

            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setGraphic(empty || s == null ? null : text);
                text.setText(empty || s == null ? "" : s);
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
