package com.capreport.dashboard.common;

import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * A view with a text filter: Ctrl+F (the window's accelerator) focuses the shown view's filter, and
 * Esc in a filter clears it. A view opts in by implementing this and calling {@link #clearOnEscape}
 * on its field.
 */
public interface Filterable {
    /** The field whose text filters this view. */
    TextField filterField();

    /** Esc in the field empties it, the quick way back to everything; an empty field lets Esc through. */
    static TextField clearOnEscape(TextField field) {
        field.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !field.getText().isEmpty()) {
                field.clear();
                e.consume();
            }
        });
        return field;
    }
}
