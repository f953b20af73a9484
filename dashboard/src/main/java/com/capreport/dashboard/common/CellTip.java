package com.capreport.dashboard.common;

import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.text.Text;

/**
 * A table cell's (or column header's) tooltip, made when the pointer first enters it. A {@link Tooltip} is a popup
 * window with its own scene: made eagerly, the few hundred cells of a filled table spent a third of
 * their first layout building tooltips nobody had hovered yet. FX thread only.
 */
public final class CellTip {
    private final Control cell;
    private String text;
    private Tooltip tip;

    public CellTip(Control cell) {
        this.cell = cell;
        // Installed on entry: the move events that follow it are what a tooltip waits on to show.
        cell.addEventHandler(MouseEvent.MOUSE_ENTERED, e -> install());
    }

    /** The text to show on hover; null for none. */
    public void set(String text) {
        this.text = text;
        if (tip != null) {
            install();
        }
    }

    private void install() {
        // Without a text of its own, a cell whose text is shortened ("…") shows it whole on hover.
        String shown = text != null ? text : cell instanceof Labeled l && isCut(l) ? l.getText() : null;
        if (shown == null) {
            cell.setTooltip(null);
            return;
        }
        if (tip == null) {
            tip = new Tooltip();
        }
        tip.setText(shown);
        cell.setTooltip(tip);
    }

    /** Whether the label shows less than its text (the skin put an ellipsis in its place). */
    public static boolean isCut(Labeled l) {
        String full = l.getText();
        if (full == null || full.isEmpty()) {
            return false;
        }
        for (Node n : l.getChildrenUnmodifiable()) {
            if (n instanceof Text t) {
                return !full.equals(t.getText());
            }
        }
        return false;
    }
}
