package com.capreport.dashboard.events;

import com.capreport.dashboard.common.Formats;
import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.EstateEvents;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** The events table, and the ControlsFX notifications for new events. */
public final class EventsView extends BorderPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    public EventsView(EventsViewModel vm) {
        setId("eventsView");
        TableView<EstateEvents.Event> table = new TableView<>(vm.events());
        table.setId("eventsTable");
        table.setPlaceholder(new Label("No events since the dashboard started"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<EstateEvents.Event, EstateEvents.Event> time = new TableColumn<>("Time");
        time.setPrefWidth(90);
        time.setMaxWidth(110);
        time.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        time.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(EstateEvents.Event e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : TIME.format(e.at()));
                setTooltip(empty || e == null ? null : new Tooltip(Formats.absolute(e.at())));
            }
        });
        TableColumn<EstateEvents.Event, EstateEvents.Event> kind = new TableColumn<>("Kind");
        kind.setPrefWidth(170);
        kind.setMaxWidth(200);
        kind.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        kind.setCellFactory(c -> new TableCell<>() {
            private final Label badge = StatusBadge.label(Tone.INFO, "");

            {
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            }

            @Override
            protected void updateItem(EstateEvents.Event e, boolean empty) {
                super.updateItem(e, empty);
                if (empty || e == null) {
                    setGraphic(null);
                } else {
                    StatusBadge.update(badge, tone(e.severity()), e.kind());
                    setGraphic(badge);
                }
            }
        });
        TableColumn<EstateEvents.Event, String> where = new TableColumn<>("Where");
        where.setPrefWidth(150);
        where.setMaxWidth(220);
        where.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().dockId()
                + (c.getValue().backend().isEmpty() ? "" : "/" + c.getValue().backend())));
        TableColumn<EstateEvents.Event, String> reason = new TableColumn<>("Reason");
        reason.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().message()));
        // Profile events carry every cause and the suggestion: the whole text is a hover away.
        reason.setCellFactory(c -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            {
                tip.setWrapText(true);
                tip.setMaxWidth(640);
            }

            @Override
            protected void updateItem(String m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty ? null : m);
                if (!empty && m != null && m.length() > 80) {
                    tip.setText(m.replace("; ", "\n"));
                    setTooltip(tip);
                } else {
                    setTooltip(null);
                }
            }
        });
        table.getColumns().addAll(List.of(time, kind, where, reason));
        setCenter(table);
    }

    static Tone tone(EstateEvents.Severity s) {
        return switch (s) {
            case INFO -> Tone.INFO;
            case WARNING -> Tone.WARNING;
            case ERROR -> Tone.ERROR;
        };
    }

    /**
     * One notification per event, or one summary when a burst arrives (a whole rack going dark
     * should not bury the screen under popups).
     */
    public static void notify(Window owner, List<EstateEvents.Event> fresh) {
        if (fresh.isEmpty() || owner == null || !owner.isShowing()) {
            return;
        }
        if (fresh.size() > 3) {
            long bad = fresh.stream().filter(e -> e.severity() != EstateEvents.Severity.INFO).count();
            Notifications n = Notifications.create().owner(owner).title(fresh.size() + " estate events")
                    .text(bad + " warning(s) or error(s); first: " + fresh.get(0).message() + "\nSee Events (Ctrl+3).")
                    .hideAfter(Duration.seconds(10));
            if (bad > 0) {
                n.showWarning();
            } else {
                n.showInformation();
            }
            return;
        }
        for (EstateEvents.Event e : fresh) {
            Notifications n = Notifications.create().owner(owner).title(e.kind() + ": " + e.dockId()
                    + (e.backend().isEmpty() ? "" : "/" + e.backend())).text(e.message())
                    .hideAfter(Duration.seconds(e.severity() == EstateEvents.Severity.ERROR ? 15 : 6));
            switch (e.severity()) {
                case ERROR -> n.showError();
                case WARNING -> n.showWarning();
                default -> n.showInformation();
            }
        }
    }
}
