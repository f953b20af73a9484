package com.capreport.agent.config;

import com.capreport.model.Durations;
import com.capreport.model.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node of a parsed config file that knows where it is ({@code file} and dotted {@code path}),
 * so every error names both. Drivers read their own options through it.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final JsonNode node;

    public ConfigNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public boolean isMissing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    public ConfigException error(String problem) {
        return new ConfigException(file + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public ConfigNode child(String key) {
        return new ConfigNode(file, childPath(key), node == null ? null : node.get(key));
    }

    public boolean has(String key) {
        return !child(key).isMissing();
    }

    /** Fails on the first key that is not in {@code allowed}, listing what is. */
    public ConfigNode requireObject(Set<String> allowed) throws ConfigException {
        if (isMissing()) {
            return this;
        }
        if (!node.isObject()) {
            throw error("expected a mapping with keys " + new TreeSet<>(allowed) + ", found " + kind(node));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!allowed.contains(k)) {
                throw new ConfigException(file + ": " + childPath(k) + ": unknown key (allowed here: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return this;
    }

    public String string(String key, String dflt) throws ConfigException {
        ConfigNode c = child(key);
        if (c.isMissing()) {
            return dflt;
        }
        if (!c.node.isValueNode() || c.node.isBinary()) {
            throw c.error("expected a single value, found " + kind(c.node));
        }
        if (c.node.isBoolean()) {
            throw c.error("YAML reads this value as the boolean " + c.node.asText()
                    + " (yes/no/on/off/true/false); put it in quotes, e.g. \"off\"");
        }
        return c.node.asText();
    }

    /** True when the key holds a YAML boolean (unquoted yes/no/on/off/true/false). */
    public boolean isBoolean(String key) {
        ConfigNode c = child(key);
        return !c.isMissing() && c.node.isBoolean();
    }

    public String requiredString(String key, String example) throws ConfigException {
        ConfigNode c = child(key);
        if (!c.isMissing() && c.node.isNumber()) {
            // 0123 would silently become 83, 1e3 "1000.0": an identifier must be written as text.
            throw c.error("YAML reads this value as the number " + c.node.asText()
                    + "; put it in quotes to keep it as written, e.g. \"" + c.node.asText() + "\"");
        }
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            throw child(key).error("required (e.g. " + example + ")");
        }
        return v.trim();
    }

    public Duration duration(String key, Duration dflt) throws ConfigException {
        String v = string(key, null);
        if (v == null) {
            return dflt;
        }
        try {
            Duration d = Durations.parse(v);
            if (d.isZero() || d.isNegative()) {
                throw child(key).error("must be positive, found '" + v + "'");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw child(key).error(e.getMessage());
        }
    }

    /** A duration within {@code [min, max]}; the error names the key and both bounds. */
    public Duration duration(String key, Duration dflt, Duration min, Duration max) throws ConfigException {
        String v = string(key, null);
        if (v == null) {
            return dflt;
        }
        try {
            Duration d = Durations.parse(v);
            if (d.isZero() || d.isNegative()) {
                throw child(key).error("must be positive, found '" + v + "'");
            }
        } catch (IllegalArgumentException e) {
            // parseWithin below says it, with the bound when the number is too large
        }
        try {
            return Durations.parseWithin(v, min, max);
        } catch (IllegalArgumentException e) {
            throw child(key).error(e.getMessage());
        }
    }

    public long longValue(String key, long dflt, long min, long max) throws ConfigException {
        ConfigNode c = child(key);
        if (c.isMissing()) {
            return dflt;
        }
        long v;
        try {
            if (c.node.isIntegralNumber() && c.node.canConvertToLong()) {
                v = c.node.asLong();
            } else if (c.node.isTextual()) {
                v = Long.parseLong(c.node.asText().trim());
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw c.error("expected a whole number between " + min + " and " + max + ", found '" + c.node.asText() + "'");
        }
        if (v < min || v > max) {
            throw c.error("must be between " + min + " and " + max + ", found " + v);
        }
        return v;
    }

    public double doubleValue(String key, double dflt, double min, double max) throws ConfigException {
        ConfigNode c = child(key);
        if (c.isMissing()) {
            return dflt;
        }
        double v;
        try {
            if (c.node.isNumber()) {
                v = c.node.asDouble();
            } else if (c.node.isTextual()) {
                v = Double.parseDouble(c.node.asText().trim());
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw c.error("expected a number between " + min + " and " + max + ", found '" + c.node.asText() + "'");
        }
        if (Double.isNaN(v)) {
            throw c.error("expected a number between " + min + " and " + max + ", found '" + c.node.asText() + "'");
        }
        if (v < min || v > max) {
            throw c.error("must be between " + min + " and " + max + ", found " + v);
        }
        return v;
    }

    public boolean bool(String key, boolean dflt) throws ConfigException {
        ConfigNode c = child(key);
        if (c.isMissing()) {
            return dflt;
        }
        if (c.node.isBoolean()) {
            return c.node.asBoolean();
        }
        throw c.error("expected true or false, found '" + c.node.asText() + "'");
    }

    /** A list of strings; a single string is accepted as a list of one. */
    public List<String> stringList(String key) throws ConfigException {
        ConfigNode c = child(key);
        if (c.isMissing()) {
            return List.of();
        }
        if (c.node.isValueNode()) {
            return List.of(c.node.asText());
        }
        if (!c.node.isArray()) {
            throw c.error("expected a list of values, found " + kind(c.node));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.node.size(); i++) {
            JsonNode e = c.node.get(i);
            if (!e.isValueNode() || e.isNull()) {
                throw new ConfigException(file + ": " + c.path + "[" + i + "]: expected a value, found " + kind(e));
            }
            out.add(e.asText());
        }
        return List.copyOf(out);
    }

    public List<ConfigNode> list(String key) throws ConfigException {
        ConfigNode c = child(key);
        if (c.isMissing()) {
            return List.of();
        }
        if (!c.node.isArray()) {
            throw c.error("expected a list, found " + kind(c.node));
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < c.node.size(); i++) {
            out.add(new ConfigNode(file, c.path + "[" + i + "]", c.node.get(i)));
        }
        return out;
    }

    /** A free-form mapping (capability trees): converted to plain maps, lists and scalars. */
    public Map<String, Object> tree(String key) throws ConfigException {
        ConfigNode c = child(key);
        if (c.isMissing()) {
            return Map.of();
        }
        if (!c.node.isObject()) {
            throw c.error("expected a mapping, found " + kind(c.node));
        }
        return Json.mapper().convertValue(c.node, new TypeReference<Map<String, Object>>() { });
    }

    public Optional<JsonNode> raw() {
        return isMissing() ? Optional.empty() : Optional.of(node);
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isNull()) {
            return "null";
        }
        return "'" + n.asText() + "'";
    }
}
