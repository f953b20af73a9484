package com.capreport.dashboard.common;

import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TableCell;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;

/**
 * Text that wraps to its column, so every reason is readable in place (the row grows) instead of
 * ending in "…" — reasons are what an admin came to these tables for. The full text is also one
 * hover away when the row is still too short for it.
 */
public final class WrappingCell<S> extends TableCell<S, String> {
    private final Text text = new Text();
    private final CellTip tip = new CellTip(this);

    public WrappingCell() {
        text.getStyleClass().add("wrapping-text");
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setPrefHeight(Region.USE_COMPUTED_SIZE);
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            setGraphic(null);
            tip.set(null);
            return;
        }
        if (!text.wrappingWidthProperty().isBound() && getTableColumn() != null) {
            text.wrappingWidthProperty().bind(getTableColumn().widthProperty().subtract(12));
        }
        text.setText(item);
        tip.set(item);
        setGraphic(text);
    }
}
