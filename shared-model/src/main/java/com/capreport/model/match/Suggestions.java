package com.capreport.model.match;

import com.capreport.model.PoolSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Relaxations that would admit pools. Only live pools that fail exactly one requirement count:
 * relaxing that one requirement admits them and nothing else is needed.
 */
final class Suggestions {
    private static final int MAX = 5;
    private static final int NAMES = 3;

    private Suggestions() {
    }

    /** Live pools failing only one requirement, ranked by free capacity, with their book slots. */
    static final class Candidates {
        final List<PoolSpec> pools = new ArrayList<>();
        int[] slots = new int[16];

        void add(PoolSpec p, int slot) {
            if (pools.size() == slots.length) {
                slots = java.util.Arrays.copyOf(slots, slots.length * 2);
            }
            slots[pools.size()] = slot;
            pools.add(p);
        }
    }

    /**
     * {@code onlyFailing}: requirement index → candidates; {@code columns} gives a requirement's
     * path as values by slot (the book's cached column).
     */
    static List<Suggestion> of(CompiledProfile c, Map<Integer, Candidates> onlyFailing,
                               java.util.function.Function<Requirement, Object[]> columns) {
        List<Suggestion> out = new ArrayList<>();
        onlyFailing.forEach((bit, found) -> {
            Requirement r = c.requirements.get(bit); // candidates arrive ranked: the book walks pools in rank order
            List<PoolSpec> candidates = found.pools;
            Object[] column = columns.apply(r);
            Object[] values = new Object[candidates.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = column[found.slots[i]];
            }
            List<Suggestion> relaxed = relaxations(r, candidates, values);
            out.addAll(relaxed);
            // Dropping the requirement says more only when it admits pools no relaxed value does.
            if (relaxed.stream().noneMatch(s -> s.poolIds().size() == candidates.size())) {
                out.add(suggestion(r, "", candidates));
            }
        });
        // Most pools admitted first; at equal count a relaxation beats dropping the requirement.
        out.sort(Comparator.comparingInt((Suggestion s) -> -s.poolIds().size()).thenComparing(Suggestion::drops));
        return out.size() > MAX ? out.subList(0, MAX) : out;
    }

    private static List<Suggestion> relaxations(Requirement r, List<PoolSpec> candidates, Object[] reported) {
        List<Suggestion> out = new ArrayList<>();
        switch (r.operator()) {
            case NUM_GE, AT_LEAST, NUM_LE -> {
                boolean up = r.operator() == Operator.NUM_LE;
                // Values in the candidates' (rank) order: filtering keeps the ranking, nothing is sorted.
                double[] values = new double[candidates.size()];
                double nearest = Double.NaN;
                double widest = Double.NaN;
                for (int i = 0; i < values.length; i++) {
                    Object v = reported[i];
                    OptionalDouble d = v == Requirement.ABSENT ? OptionalDouble.empty() : Requirement.numericValue(v);
                    values[i] = d.isPresent() ? d.getAsDouble() : Double.NaN;
                    double x = values[i];
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
                out.add(suggestion(r, op + " " + number(r, nearest, up), admitted(candidates, values, nearest, up)));
                if (widest != nearest) {
                    out.add(suggestion(r, op + " " + number(r, widest, up), admitted(candidates, values, widest, up)));
                }
            }
            case VALUE, OR, S_EQ -> {
                // Not '==': '<or>' compares text, so "5000.0" that '== 5000' admits would be lost.
                Map<String, List<PoolSpec>> byText = new LinkedHashMap<>();
                for (int i = 0; i < reported.length; i++) {
                    PoolSpec p = candidates.get(i);
                    Object raw = reported[i];
                    // A boolean has two values: admitting the other one is dropping the requirement.
                    Optional.ofNullable(raw == Requirement.ABSENT ? null : raw)
                            .filter(v -> v instanceof String || v instanceof Number)
                            .map(v -> v instanceof String s ? s : Values.show(v))
                            .filter(s -> !s.isBlank() && s.chars().noneMatch(Character::isWhitespace))
                            .ifPresent(s -> byText.computeIfAbsent(s, x -> new ArrayList<>()).add(p));
                }
                byText.entrySet().stream().max(Comparator.comparingInt(x -> x.getValue().size())).ifPresent(best -> {
                    List<String> alternatives = new ArrayList<>(r.operator() == Operator.OR ? r.operands()
                            : List.of(r.operator() == Operator.VALUE ? r.expression().strip() : r.operands().get(0)));
                    alternatives.add(best.getKey());
                    if (alternatives.stream().noneMatch(a -> a.chars().anyMatch(Character::isWhitespace))) {
                        out.add(suggestion(r, "<or> " + String.join(" <or> ", alternatives), best.getValue()));
                    }
                });
            }
            default -> {
                // <in>, <all-in>, <is>, != and text ordering: no single relaxed value says more than dropping it.
            }
        }
        return out;
    }

    private static List<PoolSpec> admitted(List<PoolSpec> candidates, double[] values, double bound, boolean up) {
        List<PoolSpec> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (up ? values[i] <= bound : values[i] >= bound) {
                out.add(candidates.get(i));
            }
        }
        return out;
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

    private static Suggestion suggestion(Requirement r, String to, List<PoolSpec> admitted) {
        String names = admitted.stream().limit(NAMES).map(MatchBook::name).reduce((a, b) -> a + ", " + b).orElse("");
        if (admitted.size() > NAMES) {
            names += ", +" + (admitted.size() - NAMES) + " more";
        }
        String pools = admitted.size() == 1 ? "1 pool" : admitted.size() + " pools";
        String from = r.label() + " " + r.expression().strip();
        String message = to.isEmpty()
                ? "without " + from + ": admits " + pools + ": " + names
                : from + " → " + to + " admits " + pools + ": " + names;
        return new Suggestion(r.path(), r.expression(), to, admitted.stream().map(PoolSpec::id).toList(), message);
    }
}
