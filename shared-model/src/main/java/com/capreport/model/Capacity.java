package com.capreport.model;

/** Capacity units: the original design's GiB fields next to exact bytes. */
public final class Capacity {
    public static final long GIB = 1L << 30;

    private Capacity() {
    }

    /** Whole GiB, rounded down, as the original design's {@code totalCapacity}/{@code freeCapacity}. */
    public static long toGiB(long bytes) {
        return Math.floorDiv(bytes, GIB);
    }

    public static long fromGiB(long gib) {
        return Math.multiplyExact(gib, GIB);
    }

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    /** Binary units as admins read them: 512 B, 1.5 GiB, 120 TiB (one decimal below 100). */
    public static String human(long bytes) {
        long abs = Math.abs(bytes);
        if (abs < 1024) {
            return bytes + " B";
        }
        double v = abs;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        String n = v >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", v) : String.format(java.util.Locale.ROOT, "%.1f", v);
        return (bytes < 0 ? "-" : "") + n + " " + UNITS[u];
    }
}
