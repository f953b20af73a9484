package com.capreport.dashboard.common;

import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/**
 * A state's word with its tone's icon and colour ("✔ available", "✖ dead"): icons are CSS shapes
 * on a region, so they render the same with any font.
 */
public final class StatusBadge {
    private StatusBadge() {
    }

    public static Region icon(Tone tone) {
        Region r = new Region();
        r.getStyleClass().addAll("status-icon", tone.styleClass());
        r.setMinSize(12, 12);
        r.setPrefSize(12, 12);
        r.setMaxSize(12, 12);
        return r;
    }

    public static Label label(Tone tone, String word) {
        Label l = new Label(word, icon(tone));
        l.getStyleClass().addAll("status-badge", tone.styleClass());
        l.setGraphicTextGap(5);
        return l;
    }

    /** Re-styles an existing label (table cells reuse their labels). */
    public static void update(Label l, Tone tone, String word) {
        l.setText(word);
        l.getStyleClass().removeIf(c -> c.startsWith("tone-"));
        l.getStyleClass().add(tone.styleClass());
        if (l.getGraphic() instanceof Region r) {
            r.getStyleClass().removeIf(c -> c.startsWith("tone-"));
            r.getStyleClass().add(tone.styleClass());
        } else {
            l.setGraphic(icon(tone));
        }
    }
}
