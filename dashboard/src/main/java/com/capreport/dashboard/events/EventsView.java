package com.capreport.dashboard.events;

import com.capreport.dashboard.common.Formats;
import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.EstateEvents;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Open problems (what is wrong now, with who acknowledged what) above the history of events
 * (filtered by severity, text, open problems only). Notifications live in
 * {@link NotificationStackView}.
 */
public final class EventsView extends BorderPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final EventsViewModel vm;
    private final TableView<EstateEvents.Event> table;
    private final TableView<ProblemRow> problems;
    private final TextField reason = new TextField();

    public EventsView(EventsViewModel vm) {
        this.vm = vm;
        setId("eventsView");
        problems = buildProblems();
        VBox ackBar = ackBar();
        Label problemsTitle = new Label();
        problemsTitle.getStyleClass().add("section-title");
        problemsTitle.textProperty().bind(Bindings.createStringBinding(() -> "Open problems: " + vm.problems().size()
                + (vm.problems().size() == vm.openCount().get() ? "" : " (" + vm.openCount().get()
                + " not acknowledged)"), vm.problems(), vm.openCount()));
        VBox top = new VBox(6, problemsTitle, problems, ackBar);
        top.setPadding(new Insets(8, 8, 4, 8));

        table = historyTable();
        VBox history = new VBox(6, filterBar(), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        history.setPadding(new Insets(4, 8, 8, 8));
        setTop(top);
        setCenter(history);
    }

    private TableView<ProblemRow> buildProblems() {
        TableView<ProblemRow> t = new TableView<>(vm.problems());
        t.setId("problemsTable");
        t.setPlaceholder(new Label("Nothing is wrong now"));
        t.setPrefHeight(150);
        t.setMinHeight(90);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        TableColumn<ProblemRow, ProblemRow> sev = new TableColumn<>("Severity");
        sev.setPrefWidth(170);
        sev.setMinWidth(150);
        sev.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        sev.setCellFactory(c -> badgeCell(r -> r.acknowledged() ? Tone.NEUTRAL : tone(r.problem().severity()),
                r -> (r.acknowledged() ? "acknowledged " : "") + word(r.problem().severity()) + " · "
                        + r.problem().kind().words()));
        TableColumn<ProblemRow, String> what = new TableColumn<>("Problem");
        what.setPrefWidth(480);
        what.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().problem().text()));
        what.setCellFactory(c -> tipCell());
        TableColumn<ProblemRow, String> ack = new TableColumn<>("Acknowledgement");
        ack.setPrefWidth(420);
        ack.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().ackText(vm.now())));
        ack.setCellFactory(c -> tipCell());
        t.getColumns().addAll(List.of(sev, what, ack));
        t.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProblem().set(b);
            }
        });
        // Rows are replaced on every change: keep the table's selection on the same problem.
        vm.selectedProblem().addListener((o, a, b) -> {
            if (b == null) {
                t.getSelectionModel().clearSelection();
            } else if (t.getSelectionModel().getSelectedItem() != b) {
                t.getSelectionModel().select(b);
            }
        });
        return t;
    }

    private VBox ackBar() {
        reason.setId("ackReason");
        reason.setPromptText("reason (required): why this is acceptable for now");
        reason.textProperty().bindBidirectional(vm.ackReason());
        HBox.setHgrow(reason, Priority.ALWAYS);
        reason.setOnAction(e -> vm.acknowledge());
        ComboBox<AckExpiry> expiry = new ComboBox<>();
        expiry.getItems().setAll(AckExpiry.values());
        expiry.setId("ackExpiry");
        expiry.valueProperty().bindBidirectional(vm.ackExpiry());
        Button ack = new Button("Acknowledge");
        ack.setId("ackButton");
        ack.setTooltip(new Tooltip("Written to etcd under {prefix}/acks/: every dashboard sees it; the problem stops "
                + "notifying and leaves the badge"));
        ack.disableProperty().bind(vm.selectedProblem().isNull().or(vm.ackBusy()).or(vm.ackReason().isEmpty()));
        ack.setOnAction(e -> vm.acknowledge());
        Button unack = new Button("Remove acknowledgement");
        unack.setId("unackButton");
        unack.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.selectedProblem().get() == null
                || !vm.selectedProblem().get().acknowledged(), vm.selectedProblem()).or(vm.ackBusy()));
        unack.setOnAction(e -> vm.unacknowledge());
        ack.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        unack.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        expiry.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label message = new Label();
        message.setId("ackMessage");
        message.getStyleClass().add("muted");
        message.setWrapText(true);
        message.textProperty().bind(vm.ackMessage());
        message.setMaxWidth(Double.MAX_VALUE);
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        message.managedProperty().bind(vm.ackMessage().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());
        Label what = new Label("Acknowledge the selected problem:");
        what.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, what, reason, expiry, ack, unack);
        bar.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, bar, message);
    }

    private HBox filterBar() {
        ComboBox<EventsViewModel.SeverityFilter> sev = new ComboBox<>();
        sev.setId("eventSeverity");
        sev.getItems().setAll(EventsViewModel.SeverityFilter.values());
        sev.valueProperty().bindBidirectional(vm.severityFilter());
        TextField text = new TextField();
        text.setId("eventFilter");
        text.setPromptText("filter: dock, backend, kind, text");
        text.textProperty().bindBidirectional(vm.textFilter());
        HBox.setHgrow(text, Priority.ALWAYS);
        CheckBox open = new CheckBox("Open problems only");
        open.setId("eventsOpenOnly");
        open.selectedProperty().bindBidirectional(vm.openOnly());
        Label count = new Label();
        count.getStyleClass().add("muted");
        count.textProperty().bind(Bindings.createStringBinding(() -> vm.shown().size() + " of " + vm.events().size()
                + " events", vm.shown(), vm.events()));
        Label title = new Label("History");
        title.getStyleClass().add("section-title");
        HBox bar = new HBox(8, title, sev, text, open, count);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private TableView<EstateEvents.Event> historyTable() {
        TableView<EstateEvents.Event> t = new TableView<>(vm.shown());
        t.setId("eventsTable");
        t.setPlaceholder(new Label("No events since the dashboard started (or none match the filters)"));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<EstateEvents.Event, EstateEvents.Event> time = new TableColumn<>("Time");
        time.setPrefWidth(150);
        time.setMinWidth(130);
        time.setMaxWidth(190);
        time.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        time.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(EstateEvents.Event e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : TIME.format(e.at()) + " · " + Formats.liveAge(e.at(), vm.now()));
                setTooltip(empty || e == null ? null : new Tooltip(Formats.absolute(e.at())));
            }
        });
        TableColumn<EstateEvents.Event, EstateEvents.Event> sev = new TableColumn<>("Severity");
        sev.setPrefWidth(90);
        sev.setMinWidth(80);
        sev.setMaxWidth(110);
        sev.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        sev.setCellFactory(c -> badgeCell(e -> tone(e.severity()), e -> word(e.severity())));
        TableColumn<EstateEvents.Event, String> kind = new TableColumn<>("Kind");
        kind.setPrefWidth(140);
        kind.setMinWidth(120);
        kind.setMaxWidth(200);
        kind.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().kind()));
        TableColumn<EstateEvents.Event, String> where = new TableColumn<>("Where");
        where.setPrefWidth(150);
        where.setMinWidth(120);
        where.setMaxWidth(220);
        where.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().dockId()
                + (c.getValue().backend().isEmpty() ? "" : "/" + c.getValue().backend())));
        where.setCellFactory(c -> tipCell());
        TableColumn<EstateEvents.Event, String> reason = new TableColumn<>("Reason");
        reason.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().message()));
        // Profile events carry every cause and the suggestion: the whole text is a hover away.
        reason.setCellFactory(c -> tipCell());
        t.getColumns().addAll(List.of(time, sev, kind, where, reason));
        return t;
    }

    private static <S, T> TableCell<S, T> badgeCell(Function<T, Tone> tone, Function<T, String> word) {
        return new TableCell<>() {
            private final Label badge = StatusBadge.label(Tone.INFO, "");

            {
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            }

            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                } else {
                    StatusBadge.update(badge, tone.apply(item), word.apply(item));
                    setGraphic(badge);
                }
            }
        };
    }

    private static <S> TableCell<S, String> tipCell() {
        return new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            {
                tip.setWrapText(true);
                tip.setMaxWidth(640);
            }

            @Override
            protected void updateItem(String m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty ? null : m);
                if (!empty && m != null && m.length() > 40) {
                    tip.setText(m.replace("; ", "\n"));
                    setTooltip(tip);
                } else {
                    setTooltip(null);
                }
            }
        };
    }

    /** Ages move: redraw the time and acknowledgement cells (the app's ticker, every few seconds). */
    public void tick() {
        table.refresh();
        problems.refresh();
    }

    /** Puts the cursor in the reason field (a notification's "Acknowledge…"). */
    public void focusReason() {
        reason.requestFocus();
    }

    public TableView<EstateEvents.Event> table() {
        return table;
    }

    public TableView<ProblemRow> problemsTable() {
        return problems;
    }

    static Tone tone(EstateEvents.Severity s) {
        return switch (s) {
            case INFO -> Tone.INFO;
            case WARNING -> Tone.WARNING;
            case ERROR -> Tone.ERROR;
        };
    }

    /** The severity's word, always shown next to its colour and icon. */
    static String word(EstateEvents.Severity s) {
        return switch (s) {
            case INFO -> "info";
            case WARNING -> "warning";
            case ERROR -> "error";
        };
    }
}
