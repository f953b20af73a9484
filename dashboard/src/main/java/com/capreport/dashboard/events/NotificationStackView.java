package com.capreport.dashboard.events;

import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.AckTarget;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The notifications, inside the window: a stack in the bottom-left corner of the view area, over
 * the view's main table, never over its right-hand pane (pool details, profile details, the
 * profile editor and its buttons: nodes with the {@code details} style class). Empty space lets
 * clicks through.
 */
public final class NotificationStackView extends VBox {
    static final double MAX_WIDTH = 380;
    static final double MIN_WIDTH = 220;
    static final double MARGIN = 12;
    /** Below this window height at most {@link #SHORT_WINDOW_CARDS} cards are shown. */
    static final double SHORT_WINDOW = 900;
    static final int SHORT_WINDOW_CARDS = 2;

    private final Supplier<Node> currentView;
    private final javafx.beans.property.BooleanProperty suppressed = new javafx.beans.property.SimpleBooleanProperty();

    /**
     * @param currentView the view shown under the stack, whose right-hand panes it keeps clear of
     * @param onAcknowledge "Acknowledge…" on a card (open Events with its problem selected)
     * @param onMore "+N more — open Events"
     */
    public NotificationStackView(NotificationsViewModel vm, Supplier<Node> currentView,
                                 Consumer<AckTarget> onAcknowledge, Runnable onMore) {
        super(6);
        this.currentView = currentView;
        setId("notifications");
        getStyleClass().add("notification-stack");
        setPickOnBounds(false);
        setFillWidth(true);
        setAlignment(Pos.BOTTOM_LEFT);
        setPadding(new Insets(MARGIN));
        setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        Hyperlink more = new Hyperlink();
        more.setId("notificationsMore");
        more.getStyleClass().add("notification-more");
        more.setOnAction(e -> onMore.run());
        Runnable rebuild = () -> {
            getChildren().clear();
            // On a short window (720 px) three cards stand ~310 px tall over the table: two are shown
            // there, the rest fold into "+N more" like those beyond the cap.
            int shown = Math.min(vm.cards().size(), getScene() != null && getScene().getHeight() < SHORT_WINDOW
                    ? SHORT_WINDOW_CARDS : vm.cards().size());
            int folded = vm.folded().get() + vm.cards().size() - shown;
            if (folded > 0) {
                more.setText("+" + folded + " more — open Events");
                getChildren().add(more);
            }
            // Worst and newest at the bottom, nearest the corner: read first.
            for (int i = shown - 1; i >= 0; i--) {
                getChildren().add(card(vm, vm.cards().get(i), onAcknowledge));
            }
            setVisible(!getChildren().isEmpty() && !suppressed.get());
        };
        javafx.beans.value.ChangeListener<Number> onHeight = (o, a, b) -> {
            if ((a.doubleValue() < SHORT_WINDOW) != (b.doubleValue() < SHORT_WINDOW)) {
                rebuild.run();
            }
        };
        sceneProperty().addListener((o, a, b) -> {
            if (a != null) {
                a.heightProperty().removeListener(onHeight);
            }
            if (b != null) {
                b.heightProperty().addListener(onHeight);
            }
            rebuild.run();
        });
        suppressed.addListener((o, a, b) -> rebuild.run());
        vm.cards().addListener((javafx.collections.ListChangeListener<NotificationBook.Card>) c -> rebuild.run());
        vm.folded().addListener((o, a, b) -> rebuild.run());
        rebuild.run();
    }

    /** While {@code when} holds (the Events view is shown: it lists all of it), the stack is hidden. */
    public void suppressWhile(javafx.beans.value.ObservableBooleanValue when) {
        suppressed.bind(when);
    }

    private Node card(NotificationsViewModel vm, NotificationBook.Card c, Consumer<AckTarget> onAcknowledge) {
        Tone tone = tone(c);
        Label sev = StatusBadge.label(tone, word(c));
        Label title = new Label(c.title());
        title.getStyleClass().add("notification-title");
        title.setMinWidth(0);
        HBox.setHgrow(title, Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);
        Button close = new Button("✕");
        close.getStyleClass().add("notification-close");
        close.setTooltip(new Tooltip(c.sticky() ? "Dismiss (it comes back if this source fails again)" : "Dismiss"));
        close.setOnAction(e -> vm.dismiss(c));
        HBox top = new HBox(8, sev, title, close);
        top.setAlignment(Pos.CENTER_LEFT);
        Label text = new Label(c.text());
        text.getStyleClass().add("notification-text");
        text.setWrapText(true);
        // Three or four lines, then an ellipsis: the whole text is a hover away and in Events. The
        // minimum stays computed (one line): a minimum of the preferred height would outrank this
        // maximum, and one profile alert after an etcd outage was then twenty lines over the table.
        text.setMaxHeight(60);
        Tooltip tip = new Tooltip(c.text());
        tip.setWrapText(true);
        tip.setMaxWidth(640);
        text.setTooltip(tip);
        Hyperlink ack = new Hyperlink("Acknowledge…");
        ack.getStyleClass().add("notification-ack");
        ack.setOnAction(e -> onAcknowledge.accept(c.source()));
        HBox actions = new HBox(ack);
        actions.setAlignment(Pos.CENTER_RIGHT);
        // Good news needs no acknowledgement: it goes away by itself.
        VBox box = c.standing() == NotificationBook.Standing.PROBLEM ? new VBox(4, top, text, actions)
                : new VBox(4, top, text);
        box.getStyleClass().addAll("notification-card", tone.styleClass());
        if (c.standing() == NotificationBook.Standing.RECOVERED) {
            box.getStyleClass().add("notification-recovered");
        }
        box.setPadding(new Insets(8, 10, 6, 10));
        box.setUserData(c.source());
        return box;
    }

    /** A recovered source's card reads as good news (OK tone, "recovered"), never in its failure's colour. */
    static Tone tone(NotificationBook.Card c) {
        return c.standing() == NotificationBook.Standing.RECOVERED ? Tone.OK : EventsView.tone(c.severity());
    }

    static String word(NotificationBook.Card c) {
        return c.standing() == NotificationBook.Standing.RECOVERED ? "recovered" : EventsView.word(c.severity());
    }

    /** Narrower than the space left of the current view's right-hand pane, and at most {@link #MAX_WIDTH}. */
    @Override
    protected double computePrefWidth(double height) {
        double room = MAX_WIDTH;
        Node view = currentView.get();
        if (view != null && getParent() != null) {
            for (Node n : view.lookupAll(".details")) {
                if (shown(n, view) && n.getLayoutBounds().getWidth() > 0) {
                    Bounds b = getParent().sceneToLocal(n.localToScene(n.getLayoutBounds()));
                    room = Math.min(room, b.getMinX() - 2 * MARGIN);
                }
            }
        }
        return Math.max(MIN_WIDTH, room) + 2 * MARGIN;
    }

    private static boolean shown(Node n, Node view) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
            if (p == view) {
                return true;
            }
        }
        return false;
    }

    /** The right-hand panes move (a divider is dragged, the editor opens): the ticker re-measures. */
    public void tick() {
        if (isVisible()) {
            requestLayout();
        }
    }

    @Override
    protected double computeMaxWidth(double height) {
        return computePrefWidth(height);
    }

    /** Cards' text must wrap at the stack's width, whatever their labels would like. */
    @Override
    protected double computePrefHeight(double width) {
        return super.computePrefHeight(width < 0 ? computePrefWidth(-1) : width);
    }
}
