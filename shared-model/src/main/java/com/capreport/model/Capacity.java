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
}
