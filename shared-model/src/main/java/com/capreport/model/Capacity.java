package com.capreport.model;

/** Capacity units: the original design's GiB fields next to exact bytes. */
public final class Capacity {
    public static final long GIB = 1L << 30;
    /**
     * Key under {@code extras.advanced} of a pool's reserved bytes (a file system's root reserve):
     * neither used nor free to writers. See {@link PoolSpec#reservedBytes()}.
     */
    public static final String RESERVED_KEY = "fs.reservedBytes";
    /** The minus sign of signed deltas ("−20 GiB"): U+2212, not a hyphen. */
    public static final String MINUS = "\u2212";

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
        int u = unitOf(bytes);
        if (u == 0) {
            return bytes + " B";
        }
        double v = Math.abs((double) bytes) / Math.pow(1024, u);
        String n = String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
        return (bytes < 0 ? "-" : "") + stripZeros(n) + " " + UNITS[u];
    }

    /** The unit {@link #human} writes {@code bytes} in: 0 = B, 1 = KiB, … */
    private static int unitOf(long bytes) {
        double v = Math.abs((double) bytes);
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return u;
    }

    private static String stripZeros(String n) {
        return n.contains(".") ? n.replaceAll("0+$", "").replaceAll("\\.$", "") : n;
    }

    /**
     * {@code bytes} as {@link #human} writes it, unless that would read the same as {@code other}
     * in its unit although the two differ ("reports 2 TiB, needs >= 2 TiB" for 1.999 TiB): then in
     * that same unit with as many decimals as it takes (at most six) to tell them apart.
     */
    public static String humanBeside(long bytes, long other) {
        String plain = human(bytes);
        if (bytes == other || !plain.equals(human(other))) {
            return plain;
        }
        int u = unitOf(bytes);
        double scale = Math.pow(1024, u);
        for (int decimals = 3; decimals <= 6; decimals++) {
            String a = String.format(java.util.Locale.ROOT, "%." + decimals + "f", bytes / scale);
            String b = String.format(java.util.Locale.ROOT, "%." + decimals + "f", other / scale);
            if (!a.equals(b)) {
                return stripZeros(a) + " " + UNITS[u];
            }
        }
        return bytes + " B";
    }

    /**
     * A signed change as admins read it, with a true minus sign: "+20 GiB", "−20 GiB", "0 B".
     */
    public static String signed(long deltaBytes) {
        String h = human(Math.abs(deltaBytes));
        return deltaBytes > 0 ? "+" + h : deltaBytes < 0 ? MINUS + h : h;
    }

    /** A signed percentage, one decimal at most: "+25 %", "−20 %", "−33.3 %", "0 %". */
    public static String signedPercent(double percent) {
        String n = stripZeros(String.format(java.util.Locale.ROOT, "%.1f", Math.abs(percent)));
        if (n.equals("0")) {
            return "0 %";
        }
        return (percent > 0 ? "+" : MINUS) + n + " %";
    }
}
