package com.capreport.dashboard.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.EstateEvents.Event;
import com.capreport.model.EstateEvents.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A card's text stops after a few lines (the whole text is on hover and in Events): a profile alert
 * after an etcd outage names every pool that changed, and at 1280×720 three such cards hid most of
 * the table under them.
 */
@ExtendWith(ApplicationExtension.class)
class NotificationStackViewTest {
    private NotificationsViewModel vm;
    private NotificationStackView stack;

    @Start
    void start(Stage stage) {
        vm = new NotificationsViewModel(Clock.fixed(Instant.parse("2026-12-04T20:22:00Z"), ZoneOffset.UTC));
        Pane view = new Pane();
        stack = new NotificationStackView(vm, () -> view, target -> { }, () -> { });
        StackPane root = new StackPane(view, stack);
        StackPane.setAlignment(stack, javafx.geometry.Pos.BOTTOM_LEFT);
        stage.setScene(new Scene(root, 1280, 720));
        stage.show();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(30)
    void aLongAlertIsThreeOrFourLinesOnItsCardNotAWallOfText() throws Exception {
        String pool = "demo-node/rbd-gold no longer matches: the leases of dock demo-node expired during an etcd outage"
                + " of 21 s since 20:21:59 UTC; last report 20:21:35 UTC; ";
        String message = "Replicated block: 3 → 0 matching pools (needs 2); " + pool.repeat(6);
        fx(() -> {
            vm.offer(List.of(new Event(Instant.parse("2026-12-04T20:21:59Z"), Severity.ERROR, "profile-at-risk",
                    "profile:demo-replicated", "", message)), Set.of());
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents(3);

        Node card = fx(() -> stack.lookup(".notification-card"));
        Label text = (Label) fx(() -> card.lookup(".notification-text"));
        assertThat(fx(() -> text.getText())).isEqualTo(message);
        assertThat(fx(() -> text.getHeight())).as("the card's text height").isGreaterThan(0).isLessThanOrEqualTo(60);
        assertThat(fx(() -> card.getLayoutBounds().getHeight())).as("the card's height").isLessThan(140);
        assertThat(fx(() -> text.getTooltip().getText())).isEqualTo(message);
    }
}
