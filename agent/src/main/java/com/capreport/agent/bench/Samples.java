package com.capreport.agent.bench;

import java.util.Arrays;

/** A thread-safe bag of measurements (any unit); {@link #stats()} gives median, p99 and max. */
public final class Samples {
    private double[] values = new double[64];
    private int size;

    public synchronized void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    /** Adds a duration given in nanoseconds, as milliseconds. */
    public void addNanosAsMillis(long nanos) {
        add(nanos / 1e6);
    }

    public synchronized int size() {
        return size;
    }

    /** Nearest-rank percentiles over what was added so far; empty stats when nothing was. */
    public synchronized Stats stats() {
        if (size == 0) {
            return Stats.EMPTY;
        }
        double[] v = Arrays.copyOf(values, size);
        Arrays.sort(v);
        return new Stats(size, rank(v, 0.50), rank(v, 0.99), v[size - 1]);
    }

    private static double rank(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Median, 99th percentile (nearest rank) and maximum of {@code count} samples. */
    public record Stats(int count, double median, double p99, double max) {
        public static final Stats EMPTY = new Stats(0, Double.NaN, Double.NaN, Double.NaN);
    }
}
