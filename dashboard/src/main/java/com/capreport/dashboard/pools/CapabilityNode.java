package com.capreport.dashboard.pools;

import com.capreport.model.PoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The capability tree of a pool for the details pane: lines of service, their capabilities with
 * values, and where each value came from (discovered from the backend, or configured by the admin).
 */
public record CapabilityNode(String name, String value, String source, List<CapabilityNode> children) {
    public CapabilityNode {
        children = List.copyOf(children);
    }

    public boolean isLeaf() {
        return children.isEmpty();
    }

    public static CapabilityNode of(PoolSpec pool) {
        return new CapabilityNode("capabilities", "", "", build("", pool.extras(), pool.capabilitySources()));
    }

    private static List<CapabilityNode> build(String prefix, Map<String, ?> tree, Map<String, String> sources) {
        List<CapabilityNode> out = new ArrayList<>();
        tree.forEach((k, v) -> {
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, ?> child = (Map<String, ?>) m;
                out.add(new CapabilityNode(k, "", sourceOf(path, sources), build(path, child, sources)));
            } else {
                out.add(new CapabilityNode(k, PoolRow.text(v), sourceOf(path, sources), List.of()));
            }
        });
        return out;
    }

    /** The source of a path, or of its nearest ancestor that has one; "" when nobody said. */
    static String sourceOf(String path, Map<String, String> sources) {
        String p = path;
        while (true) {
            String s = sources.get(p);
            if (s != null) {
                return s;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return "";
            }
            p = p.substring(0, dot);
        }
    }
}
