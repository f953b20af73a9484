package com.capreport.dashboard.pools;

import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.layout.Region;

/**
 * The used bar of a pool row: used | reserved | free across the pool's total, so a file system's
 * root reserve is seen as reserved, not as used. Style classes: {@code used-bar} (the bar),
 * {@code track}, {@code bar} (used) and {@code reserved}; pseudo-class {@code :high} at 85 % used.
 * Three regions, no skin or animation: a table of 10,000 pools recycles one per visible cell.
 */
final class CapacityBar extends Region {
    private static final PseudoClass HIGH = PseudoClass.getPseudoClass("high");
    private final Region track = new Region();
    private final Region used = new Region();
    private final Region reserved = new Region();
    private double usedShare;
    private double reservedShare;

    CapacityBar() {
        getStyleClass().add("used-bar");
        track.getStyleClass().add("track");
        used.getStyleClass().add("bar");
        reserved.getStyleClass().add("reserved");
        getChildren().addAll(track, used, reserved);
        setMaxWidth(Double.MAX_VALUE);
    }

    /** Shares of the total (0..1) and whether the used percentage is high. */
    void set(double usedOfTotal, double reservedOfTotal, boolean high) {
        usedShare = clamp(usedOfTotal);
        reservedShare = Math.min(clamp(reservedOfTotal), 1 - usedShare);
        pseudoClassStateChanged(HIGH, high);
        requestLayout();
    }

    double usedShare() {
        return usedShare;
    }

    double reservedShare() {
        return reservedShare;
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    @Override
    protected double computePrefHeight(double width) {
        return 16;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 60;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double x = in.getLeft();
        double y = in.getTop();
        double w = Math.max(0, getWidth() - x - in.getRight());
        double h = Math.max(0, getHeight() - y - in.getBottom());
        track.resizeRelocate(x, y, w, h);
        double u = Math.round(w * usedShare);
        used.resizeRelocate(x, y, u, h);
        reserved.resizeRelocate(x + u, y, Math.round(w * reservedShare), h);
    }
}
