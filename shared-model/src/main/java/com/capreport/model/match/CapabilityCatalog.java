package com.capreport.model.match;

import com.capreport.model.PoolSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the estate actually reports: every capability path with the value types seen, how many
 * pools report it and a few sample values. Feeds the editor's path picker and validation.
 */
public final class CapabilityCatalog {
    private static final int SAMPLES = 5;

    /** One path: its types, the number of pools reporting it, up to five distinct sample values. */
    public record Entry(String path, Set<ValueType> types, int pools, List<String> samples) {
        public Entry {
            types = java.util.Collections.unmodifiableSet(EnumSet.copyOf(types));
            samples = List.copyOf(samples);
        }

        /**
         * The samples as an admin reads them: a capacity path's numbers in binary units with the
         * number as reported ("500 GiB (536870912000)" on {@code freeCapacityBytes}, "500 GiB" on
         * {@code freeCapacity}), so "e.g. 536870912000" is not taken for a count or typed back
         * without its unit. Other values as reported.
         */
        public List<String> shownSamples() {
            Optional<Long> unit = Requirement.capacityUnit(path);
            if (unit.isEmpty()) {
                return samples;
            }
            return samples.stream().map(s -> {
                java.util.OptionalDouble n = Values.pythonFloat(s);
                if (n.isEmpty() || !Double.isFinite(n.getAsDouble())) {
                    return s;
                }
                String human = com.capreport.model.Capacity.human(Math.round(n.getAsDouble() * unit.get()));
                return unit.get() == 1L ? human + " (" + s + ")" : human;
            }).toList();
        }

        /** Operators that can compare at least one of the reported types. */
        public List<Operator> operators() {
            return java.util.Arrays.stream(Operator.values())
                    .filter(o -> types.stream().anyMatch(o::applicableTo)).toList();
        }
    }

    private final Map<String, Entry> entries;

    private CapabilityCatalog(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static CapabilityCatalog of(Collection<PoolSpec> pools) {
        Map<String, Set<ValueType>> types = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Set<String>> samples = new TreeMap<>();
        for (PoolSpec p : pools) {
            PoolValues.all(p).forEach((path, value) -> {
                types.computeIfAbsent(path, x -> EnumSet.noneOf(ValueType.class)).add(ValueType.of(value));
                counts.merge(path, 1, Integer::sum);
                Set<String> s = samples.computeIfAbsent(path, x -> new LinkedHashSet<>());
                if (s.size() < SAMPLES) {
                    s.add(Values.text(value));
                }
            });
        }
        Map<String, Entry> out = new TreeMap<>();
        types.forEach((path, t) -> out.put(path, new Entry(path, t, counts.get(path), new ArrayList<>(samples.get(path)))));
        return new CapabilityCatalog(java.util.Collections.unmodifiableMap(out));
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public List<String> paths() {
        return List.copyOf(entries.keySet());
    }

    public Optional<Entry> entry(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    /**
     * Reported paths close to {@code path}: the same last segment anywhere, a case-insensitive
     * match, or a small edit distance; at most three, the closest first.
     */
    public List<String> closeTo(String path) {
        String leaf = leaf(path).toLowerCase(java.util.Locale.ROOT);
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        record Scored(String path, int score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String candidate : entries.keySet()) {
            String c = candidate.toLowerCase(java.util.Locale.ROOT);
            int score;
            if (c.equals(lower)) {
                score = 0;
            } else if (leaf(c).equals(leaf)) {
                score = 1;
            } else if (leaf.length() >= 4 && (leaf(c).startsWith(leaf) || leaf.startsWith(leaf(c)))) {
                score = 2;
            } else {
                int d = distance(lower, c);
                int leafD = distance(leaf, leaf(c));
                score = Math.min(d, leafD + 1) + 1;
                if (score > Math.max(3, leaf.length() / 3) + 1) {
                    continue;
                }
            }
            scored.add(new Scored(candidate, score));
        }
        return scored.stream().sorted(java.util.Comparator.comparingInt(Scored::score).thenComparing(Scored::path))
                .limit(3).map(Scored::path).toList();
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
