package com.capreport.dashboard.attention;

import com.capreport.dashboard.common.StatusBadge;
import com.capreport.dashboard.common.Tone;
import com.capreport.model.PoolStatus;
import javafx.beans.value.ObservableIntegerValue;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The header's problem counts — "✖ 1 error", "⚠ 2 degraded", "⚠ 1 invalid entry" (word, icon, colour;
 * shown only when not zero) — each opening the filtered view when clicked.
 */
public final class ProblemCounts extends HBox {
    public ProblemCounts(AttentionViewModel vm) {
        super(10);
        setId("problemCounts");
        setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        // These are what the header is for: other labels shorten first, never these.
        setMinWidth(USE_PREF_SIZE);
        getChildren().addAll(
                count("headerErrors", Tone.ERROR, "error", "errors", vm.errorCount(),
                        "Pools in error that someone still reports: click to list them", () -> vm.openPools(PoolStatus.ERROR)),
                count("headerDegraded", Tone.WARNING, "degraded", "degraded", vm.degradedCount(),
                        "Degraded pools: click to list them", () -> vm.openPools(PoolStatus.DEGRADED)),
                count("headerInvalid", Tone.WARNING, "invalid entry", "invalid entries", vm.invalidCount(),
                        "Keys whose values do not parse: click to see them", vm::openInvalid));
    }

    private static Label count(String id, Tone tone, String one, String many, ObservableIntegerValue n, String tip,
                               Runnable open) {
        Label l = StatusBadge.label(tone, "");
        l.setId(id);
        l.setCursor(Cursor.HAND);
        l.setMinWidth(USE_PREF_SIZE);
        l.setTooltip(new Tooltip(tip));
        l.setOnMouseClicked(e -> open.run());
        Runnable update = () -> {
            l.setText(n.get() + " " + (n.get() == 1 ? one : many));
            l.setVisible(n.get() > 0);
            l.setManaged(n.get() > 0);
        };
        n.addListener((o, a, b) -> update.run());
        update.run();
        return l;
    }
}
