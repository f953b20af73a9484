package com.capreport.dashboard.attention;

import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;

/**
 * The home view: one line per problem, worst first — severity (word, icon, colour), what, why,
 * since, and a button to the item in its view (double-click or Enter does the same). With nothing
 * wrong, the headline says so and what is fine.
 */
public final class AttentionView extends BorderPane {
    private final AttentionViewModel vm;
    private final TableView<AttentionRow> table = new TableView<>();

    public AttentionView(AttentionViewModel vm) {
        this.vm = vm;
        setId("attentionView");
        Label headline = StatusBadge.label(Tone.OK, vm.headline().get());
        headline.setId("attentionHeadline");
        headline.setWrapText(true);
        headline.setMaxWidth(Double.MAX_VALUE);
        headline.setStyle("-fx-font-size: 1.15em;");
        Runnable restyle = () -> StatusBadge.update(headline, vm.clear().get() ? Tone.OK
                : vm.rows().stream().anyMatch(r -> r.tone() == Tone.ERROR) ? Tone.ERROR : Tone.WARNING,
                vm.headline().get());
        vm.headline().addListener((o, a, b) -> restyle.run());
        vm.clear().addListener((o, a, b) -> restyle.run());
        BorderPane top = new BorderPane(headline);
        top.setPadding(new Insets(8, 10, 8, 10));
        top.getStyleClass().add("filter-bar");
        setTop(top);

        table.setId("attentionTable");
        table.setItems(vm.rows());
        table.setPlaceholder(new Label("Nothing needs attention"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<AttentionRow, AttentionRow> severity = new TableColumn<>("Severity");
        severity.setPrefWidth(100);
        severity.setMinWidth(95);
        severity.setMaxWidth(110);
        severity.setSortable(false);
        severity.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        severity.setCellFactory(c -> new TableCell<>() {
            private final Label badge = StatusBadge.label(Tone.ERROR, "");

            {
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            }

            @Override
            protected void updateItem(AttentionRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                StatusBadge.update(badge, r.tone(), r.severityWord());
                setGraphic(badge);
            }
        });
        TableColumn<AttentionRow, String> what = wrapping("What", r -> r.problem().what(), 300);
        what.setMinWidth(180);
        TableColumn<AttentionRow, String> since = wrapping("Since", r -> r.sinceText(vm.now().get()), 190);
        since.setMinWidth(150);
        TableColumn<AttentionRow, AttentionRow> show = new TableColumn<>("");
        // "Show in Invalid entries", the longest of the buttons, whole.
        show.setPrefWidth(160);
        show.setMinWidth(160);
        show.setMaxWidth(170);
        show.setSortable(false);
        show.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        show.setCellFactory(c -> new TableCell<>() {
            private final Button b = new Button();

            {
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
                setAlignment(Pos.CENTER_LEFT);
                b.getStyleClass().add("attention-show");
                b.setMinWidth(Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(AttentionRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                b.setText("Show in " + r.targetView());
                b.setOnAction(e -> vm.open(r));
                setGraphic(b);
            }
        });
        // Why is what the admin came for: it takes the rest of the width and wraps, never "…".
        TableColumn<AttentionRow, String> why = wrapping("Why", r -> r.problem().why(), 420);
        why.setMinWidth(200);
        for (TableColumn<AttentionRow, ?> c : List.of(what, since, why)) {
            c.setSortable(false);
        }
        table.getColumns().addAll(List.of(severity, what, since, show, why));
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                vm.open(table.getSelectionModel().getSelectedItem());
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.open(table.getSelectionModel().getSelectedItem());
            }
        });
        setCenter(table);
    }

    public TableView<AttentionRow> table() {
        return table;
    }

    /** Re-renders visible cells so ages move on. */
    public void tick() {
        table.refresh();
    }

    private static TableColumn<AttentionRow, String> wrapping(String title, Function<AttentionRow, String> f,
                                                             double width) {
        TableColumn<AttentionRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setCellFactory(col -> new com.capreport.dashboard.common.WrappingCell<>());
        return c;
    }
}
