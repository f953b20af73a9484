package com.capreport.model.match;

import com.capreport.model.PoolSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Relaxations that would admit pools. Only live pools that fail exactly one requirement count:
 * relaxing that one requirement admits them and nothing else is needed.
 *
 * <p>Works on book slots: candidates and admitted pools are slot arrays in rank order, and only
 * the suggestions that make the cut are written out (message, pool ids as a view).
 */
final class Suggestions {
    private static final int MAX = 5;
    private static final int NAMES = 3;

    private Suggestions() {
    }

    /** A relaxation before it is written out: {@code admitted} are slots in rank order. */
    private record Option(Requirement r, String to, int[] admitted) {
        boolean drops() {
            return to.isEmpty();
        }
    }

    /**
     * {@code onlyFailing[bit]}: the live slots, in rank order, that fail requirement {@code bit} and
     * nothing else (null: none); {@code columnByBit[bit]}: that requirement's path as values by slot.
     */
    static List<Suggestion> of(CompiledProfile c, int[][] onlyFailing, PoolSpec[] pools, Object[][] columnByBit,
                               double[][] numbersByBit) {
        List<Option> out = new ArrayList<>();
        for (int bit = 0; bit < onlyFailing.length; bit++) {
            int[] candidates = onlyFailing[bit];
            if (candidates == null || candidates.length == 0) {
                continue;
            }
            Requirement r = c.requirements.get(bit);
            Object[] column = columnByBit[bit];
            List<Option> relaxed = relaxations(r, candidates, column, numbersByBit[bit]);
            out.addAll(relaxed);
            // Dropping the requirement says more only when it admits pools no relaxed value does.
            if (relaxed.stream().noneMatch(s -> s.admitted().length == candidates.length)) {
                out.add(new Option(r, "", candidates));
            }
        }
        // Most pools admitted first; at equal count a relaxation beats dropping the requirement.
        out.sort(Comparator.comparingInt((Option s) -> -s.admitted().length).thenComparing(Option::drops));
        List<Suggestion> written = new ArrayList<>(Math.min(MAX, out.size()));
        for (Option o : out.subList(0, Math.min(MAX, out.size()))) {
            written.add(suggestion(o, pools));
        }
        return written;
    }

    private static List<Option> relaxations(Requirement r, int[] candidates, Object[] column, double[] numbers) {
        List<Option> out = new ArrayList<>(2);
        switch (r.operator()) {
            case NUM_GE, AT_LEAST, NUM_LE -> {
                boolean up = r.operator() == Operator.NUM_LE;
                // Values in the candidates' (rank) order: filtering keeps the ranking, nothing is sorted.
                double[] values = new double[candidates.length];
                double nearest = Double.NaN;
                double widest = Double.NaN;
                for (int i = 0; i < values.length; i++) {
                    double x = numbers[candidates[i]];
                    if (Double.isNaN(x)) {
                        x = numberOrNaN(column[candidates[i]]); // text that reads as a number, or none
                    }
                    values[i] = x;
                    if (!Double.isNaN(x)) {
                        nearest = Double.isNaN(nearest) ? x : up ? Math.min(nearest, x) : Math.max(nearest, x);
                        widest = Double.isNaN(widest) ? x : up ? Math.max(widest, x) : Math.min(widest, x);
                    }
                }
                if (Double.isNaN(nearest)) {
                    break;
                }
                // The nearest relaxation (admits the closest pools), then the one that admits all of them.
                String op = r.operator().token();
                out.add(new Option(r, op + " " + number(r, nearest, up), admitted(candidates, values, nearest, up)));
                if (widest != nearest) {
                    out.add(new Option(r, op + " " + number(r, widest, up), admitted(candidates, values, widest, up)));
                }
            }
            case VALUE, OR, S_EQ -> {
                // Not '==': '<or>' compares text, so "5000.0" that '== 5000' admits would be lost.
                Map<String, Slots> byText = new LinkedHashMap<>();
                Set<String> unusable = new HashSet<>();
                for (int slot : candidates) {
                    Object raw = column[slot];
                    // A boolean has two values: admitting the other one is dropping the requirement.
                    if (raw == Requirement.ABSENT || !(raw instanceof String || raw instanceof Number)) {
                        continue;
                    }
                    String s = raw instanceof String t ? t : Values.show(raw);
                    Slots found = byText.get(s);
                    if (found == null) {
                        if (unusable.contains(s)) {
                            continue;
                        }
                        if (s.isBlank() || s.chars().anyMatch(Character::isWhitespace)) {
                            unusable.add(s);
                            continue;
                        }
                        found = new Slots();
                        byText.put(s, found);
                    }
                    found.add(slot);
                }
                Map.Entry<String, Slots> best = null;
                for (Map.Entry<String, Slots> e : byText.entrySet()) {
                    if (best == null || e.getValue().size > best.getValue().size) {
                        best = e; // the first of the largest, as Stream.max keeps it
                    }
                }
                if (best != null) {
                    List<String> alternatives = new ArrayList<>(r.operator() == Operator.OR ? r.operands()
                            : List.of(r.operator() == Operator.VALUE ? r.expression().strip() : r.operands().get(0)));
                    alternatives.add(best.getKey());
                    if (alternatives.stream().noneMatch(a -> a.chars().anyMatch(Character::isWhitespace))) {
                        out.add(new Option(r, "<or> " + String.join(" <or> ", alternatives), best.getValue().toArray()));
                    }
                }
            }
            default -> {
                // <in>, <all-in>, <is>, != and text ordering: no single relaxed value says more than dropping it.
            }
        }
        return out;
    }

    /** The value as a number as {@link Requirement#numericValue} reads it; NaN when it is none. */
    private static double numberOrNaN(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            return Values.pythonFloat(s).orElse(Double.NaN);
        }
        return Double.NaN;
    }

    private static int[] admitted(int[] candidates, double[] values, double bound, boolean up) {
        int[] out = new int[candidates.length];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (up ? values[i] <= bound : values[i] >= bound) {
                out[k++] = candidates[i];
            }
        }
        return k == out.length ? out : Arrays.copyOf(out, k);
    }

    /** The threshold as written back: capacity in GiB rounded (two decimals) so it still admits the pools. */
    private static String number(Requirement r, double v, boolean up) {
        if (r.capacity() && r.unitSuffix().equals(" GiB")) {
            String n = java.math.BigDecimal.valueOf(v).setScale(2, up ? java.math.RoundingMode.CEILING
                    : java.math.RoundingMode.FLOOR).stripTrailingZeros().toPlainString();
            return n + " GiB";
        }
        return Values.number(v);
    }

    private static Suggestion suggestion(Option o, PoolSpec[] pools) {
        Requirement r = o.r();
        int[] admitted = o.admitted();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < Math.min(NAMES, admitted.length); i++) {
            names.append(i == 0 ? "" : ", ").append(MatchBook.name(pools[admitted[i]]));
        }
        if (admitted.length > NAMES) {
            names.append(", +").append(admitted.length - NAMES).append(" more");
        }
        String count = admitted.length == 1 ? "1 pool" : admitted.length + " pools";
        String from = r.label() + " " + r.expression().strip();
        String message = o.drops()
                ? "without " + from + ": admits " + count + ": " + names
                : from + " → " + o.to() + " admits " + count + ": " + names;
        return new Suggestion(r.path(), r.expression(), o.to(), new SlotLists.OfIds(pools, admitted), message);
    }

    /** A growable array of slots. */
    static final class Slots {
        int[] slots = new int[16];
        int size;

        void add(int slot) {
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
            }
            slots[size++] = slot;
        }

        int[] toArray() {
            return Arrays.copyOf(slots, size);
        }
    }
}
