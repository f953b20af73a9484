package com.capreport.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helpers for the nested capability tree ({@code extras}): deep immutable copies (JSON trees keep
 * {@code null} values, which {@link Map#copyOf} refuses), dotted-path lookup, and merging.
 */
public final class Extras {
    private Extras() {
    }

    /** A deep, unmodifiable copy that keeps insertion order and {@code null} leaves. */
    public static Map<String, Object> deepCopy(Map<String, ?> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, copyValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, val) -> copy.put(String.valueOf(k), copyValue(val)));
            return Collections.unmodifiableMap(copy);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(x -> copy.add(copyValue(x)));
            return Collections.unmodifiableList(copy);
        }
        return v;
    }

    /**
     * The value at a dotted path ({@code DataStorageLineOfService.ProvisioningPolicy}). An empty
     * Optional means "not reported"; a present Optional may still hold an explicit JSON null,
     * which is why the result wraps a {@link Reported} value.
     */
    public static Optional<Reported> lookup(Map<String, ?> tree, String dottedPath) {
        return lookupIn(tree, dottedPath);
    }

    /**
     * Vendor keys may contain dots themselves ({@code advanced."lvm.vgAttr"}): at each level the
     * whole remaining path is tried as one key first, then ever shorter dotted prefixes.
     */
    private static Optional<Reported> lookupIn(Object node, String rest) {
        if (!(node instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        if (m.containsKey(rest)) {
            return Optional.of(new Reported(m.get(rest)));
        }
        int dot = rest.lastIndexOf('.');
        while (dot > 0) {
            String head = rest.substring(0, dot);
            if (m.containsKey(head)) {
                Optional<Reported> found = lookupIn(m.get(head), rest.substring(dot + 1));
                if (found.isPresent()) {
                    return found;
                }
            }
            dot = rest.lastIndexOf('.', dot - 1);
        }
        return Optional.empty();
    }

    /** A value found in the tree; {@code value} may be null (reported as JSON null). */
    public record Reported(Object value) {
    }

    /**
     * All leaf paths of a tree in depth-first order ({@code a.b.c}); a list or null is a leaf.
     */
    public static List<String> leafPaths(Map<String, ?> tree) {
        List<String> out = new ArrayList<>();
        collect("", tree, out);
        return out;
    }

    private static void collect(String prefix, Map<String, ?> tree, List<String> out) {
        tree.forEach((k, v) -> {
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, ?> child = (Map<String, ?>) m;
                collect(path, child, out);
            } else {
                out.add(path);
            }
        });
    }

    /**
     * Overlays {@code top} on {@code base}: maps merge recursively, any other value in {@code top}
     * replaces the one in {@code base}. Neither argument is modified.
     */
    public static Map<String, Object> merge(Map<String, ?> base, Map<String, ?> top) {
        Map<String, Object> out = new LinkedHashMap<>();
        base.forEach((k, v) -> out.put(k, copyValue(v)));
        top.forEach((k, v) -> {
            Object existing = out.get(k);
            if (existing instanceof Map<?, ?> em && v instanceof Map<?, ?> tm) {
                @SuppressWarnings("unchecked")
                Map<String, ?> e = (Map<String, ?>) em;
                @SuppressWarnings("unchecked")
                Map<String, ?> t = (Map<String, ?>) tm;
                out.put(k, merge(e, t));
            } else {
                out.put(k, copyValue(v));
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
