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

    /**
     * Binary units as admins read them, three significant digits at most: "512 B", "1.17 TiB",
     * "300 GiB", "-20 GiB". The one formatter of the CLI, the diff and the dashboard.
     */
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
        String n = String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
        if (n.contains(".")) {
            n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return (bytes < 0 ? "-" : "") + n + " " + UNITS[u];
    }
}
