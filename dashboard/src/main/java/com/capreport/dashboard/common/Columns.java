package com.capreport.dashboard.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

/** Table columns every view uses: text that shows its whole value in a tooltip when it may be cut. */
public final class Columns {
    private Columns() {
    }

    /**
     * A text column of {@code width}; values longer than {@code tooltipOver} characters also get a
     * tooltip, so a narrow column never hides a name for good.
     */
    public static <S> TableColumn<S, String> text(String title, Function<S, String> f, double width, int tooltipOver) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setComparator(new TextOrder());
        c.setCellFactory(col -> new TableCell<>() {
            private final CellTip tip = new CellTip(this);

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                tip.set(!empty && item != null && item.length() > tooltipOver ? item : null);
            }
        });
        return c;
    }
}
