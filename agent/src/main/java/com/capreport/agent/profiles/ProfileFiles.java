package com.capreport.agent.profiles;

import com.capreport.model.Json;
import com.capreport.model.ProfileSpec;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads profiles files and writes the form {@code profiles show} prints.
 *
 * <p>A file holds one profile (a mapping with {@code id}), many (a list of them, a
 * {@code {"profiles": [...]}} wrapper, or YAML documents separated by {@code ---}), as YAML or
 * JSON: {@code .json} files and files starting with {@code {} or {@code [} are JSON, the rest YAML.
 *
 * <p>Parsing is strict because a profile that silently loses a key promises users something the
 * admin did not mean: unknown keys, wrong types, duplicate keys and duplicate ids are errors, one
 * line each, naming the file, the profile (position and id), the key and the line.
 *
 * <p>Requirement expressions are text. A YAML scalar that YAML would type ({@code 500},
 * {@code True}, {@code 1e3}, {@code 007}) is kept exactly as written, as text, because the
 * matcher types values itself and must see what the admin wrote, not {@code 1000.0} for
 * {@code 1e3}. A list or mapping where an expression belongs is an error that shows the operator
 * syntax instead.
 */
public final class ProfileFiles {
    /** The keys of one profile; {@code revision} is the etcd revision {@code show} printed. */
    static final Set<String> KEYS = Set.of("id", "name", "description", "storageType", "minMatches", "requirements",
            "revision");

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper YAML_OUT = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());
    private static final ObjectMapper JSON_OUT = Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private ProfileFiles() {
    }

    /** Reads a profiles file; a missing or unreadable file is a {@link ProfileFileException} too. */
    public static List<ProfileDocument> read(Path file) throws ProfileFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ProfileFileException(file + ": file not found");
        } catch (MalformedInputException e) {
            throw new ProfileFileException(file + ": not a text file (not UTF-8)");
        } catch (IOException e) {
            throw new ProfileFileException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Parses the text of a profiles file; {@code fileName} prefixes every error. */
    public static List<ProfileDocument> parse(String fileName, String text) throws ProfileFileException {
        boolean json = isJson(fileName, text);
        List<Node> documents = new ArrayList<>();
        try (JsonParser p = json ? JSON.createParser(text) : YAML.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Node doc = read(p, t, fileName);
                if (!(doc instanceof Null)) { // an empty YAML document ("---" at the end): nothing to apply
                    documents.add(doc);
                }
            }
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                // SnakeYAML's own message quotes the source with a caret on extra lines: keep the facts, one line.
                String context = m.getContext() == null ? "" : " (" + m.getContext()
                        + (m.getContextMark() == null ? "" : " that starts at line " + (m.getContextMark().getLine() + 1))
                        + ")";
                // ">= 500" unquoted starts a YAML block scalar: the commonest slip with this operator syntax.
                String hint = m.getContext() != null && m.getContext().contains("block scalar")
                        ? "; an expression starting with > or | must be quoted, e.g. freeCapacity: \">= 500\"" : "";
                throw new ProfileFileException(fileName + ": not valid YAML at line " + (m.getProblemMark().getLine() + 1)
                        + ", column " + (m.getProblemMark().getColumn() + 1) + ": " + oneLine(m.getProblem()) + context
                        + hint, e);
            }
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr();
            throw new ProfileFileException(fileName + ": not valid " + (json ? "JSON" : "YAML") + where + ": "
                    + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ProfileFileException(fileName + ": cannot read: " + oneLine(e.getMessage()), e);
        }
        List<Node> items = new ArrayList<>();
        for (Node doc : documents) {
            if (doc instanceof Mapping m && m.entries().containsKey("profiles") && !m.entries().containsKey("id")) {
                for (Map.Entry<String, Field> f : m.entries().entrySet()) {
                    if (!f.getKey().equals("profiles")) {
                        throw new ProfileFileException(fileName + ": line " + f.getValue().keyAt().line() + ": "
                                + f.getKey() + ": unknown key next to 'profiles' (a wrapper holds only 'profiles')");
                    }
                }
                Node list = m.entries().get("profiles").value();
                if (!(list instanceof Sequence s)) {
                    throw new ProfileFileException(fileName + ": line " + list.at().line()
                            + ": profiles: expected a list of profiles, found " + kind(list));
                }
                items.addAll(s.items());
            } else if (doc instanceof Sequence s) {
                items.addAll(s.items());
            } else if (doc instanceof Mapping) {
                items.add(doc);
            } else {
                throw new ProfileFileException(fileName + ": line " + doc.at().line() + ": expected a profile (a mapping "
                        + "with id and requirements), a list of profiles or {profiles: [...]}, found " + kind(doc));
            }
        }
        if (items.isEmpty()) {
            throw new ProfileFileException(fileName + ": no profiles in the file (expected a mapping with id and "
                    + "requirements, a list of them, or {profiles: [...]})");
        }
        List<ProfileDocument> out = new ArrayList<>();
        Map<String, ProfileDocument> byId = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            ProfileDocument d = profile(fileName, i + 1, items.get(i));
            ProfileDocument first = byId.putIfAbsent(d.profile().id(), d);
            if (first != null) {
                throw new ProfileFileException(d.where() + ": id: '" + d.profile().id() + "' is also the id of profile #"
                        + first.index() + " (line " + first.line() + "); ids must be unique");
            }
            out.add(d);
        }
        return List.copyOf(out);
    }

    private static ProfileDocument profile(String file, int index, Node node) throws ProfileFileException {
        String at = file + ": profile #" + index;
        if (!(node instanceof Mapping m)) {
            throw new ProfileFileException(at + " (line " + node.at().line() + "): expected a mapping with id and "
                    + "requirements, found " + kind(node));
        }
        int line = m.at().line();
        Field idField = m.entries().get("id");
        String id = null;
        if (idField != null && idField.value() instanceof Scalar s && !s.text().isBlank()) {
            id = s.text().trim();
        }
        String where = at + (id == null ? "" : " '" + id + "'") + " (line " + line + ")";
        for (Map.Entry<String, Field> f : m.entries().entrySet()) {
            if (!KEYS.contains(f.getKey())) {
                throw new ProfileFileException(where + ": " + f.getKey() + ": unknown key at line "
                        + f.getValue().keyAt().line() + " (allowed: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        if (idField == null || idField.value() instanceof Null) {
            throw new ProfileFileException(where + ": id: required (e.g. id: gold)");
        }
        if (id == null) {
            throw new ProfileFileException(where + ": id: expected a name, found " + kind(idField.value()));
        }
        String name = text(m, "name", where);
        String description = text(m, "description", where);
        String storageType = text(m, "storageType", where);
        Integer minMatches = wholeNumber(m, "minMatches", where, 0);
        Integer revision = wholeNumber(m, "revision", where, 1);
        Map<String, String> requirements = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        Field req = m.entries().get("requirements");
        if (req != null && !(req.value() instanceof Null)) {
            if (!(req.value() instanceof Mapping rm)) {
                throw new ProfileFileException(where + ": requirements: expected a mapping of capability path to "
                        + "expression (e.g. freeCapacity: \">= 500\"), found " + kind(req.value()));
            }
            for (Map.Entry<String, Field> r : rm.entries().entrySet()) {
                String path = r.getKey();
                Node v = r.getValue().value();
                String key = "requirements." + path;
                if (path.isBlank()) {
                    throw new ProfileFileException(where + ": requirements: an empty capability path at line "
                            + r.getValue().keyAt().line());
                }
                if (v instanceof Null) {
                    throw new ProfileFileException(where + ": " + key + ": no expression at line " + v.at().line()
                            + " (write one, e.g. \">= 500\" or \"<is> True\", or remove the requirement)");
                }
                if (v instanceof Sequence) {
                    throw new ProfileFileException(where + ": " + key + ": a list at line " + v.at().line()
                            + "; an expression is text: \"<in> Thin\" (contains), \"<all-in> Thin Fixed\" (contains "
                            + "all) or \"<or> Thin <or> Fixed\" (one of)");
                }
                if (v instanceof Mapping) {
                    throw new ProfileFileException(where + ": " + key + ": a mapping at line " + v.at().line()
                            + "; capability paths are dotted from the pool's root, e.g. "
                            + "extras.DataStorageLineOfService.ProvisioningPolicy: \"<in> Thin\"");
                }
                requirements.put(path, ((Scalar) v).text());
                lines.put(path, v.at().line());
            }
        }
        ProfileSpec spec;
        try {
            spec = new ProfileSpec(id, name, description, storageType, minMatches, requirements);
        } catch (IllegalArgumentException e) {
            throw new ProfileFileException(where + ": " + e.getMessage().replaceFirst("^profile '(\\w+)' ", "$1: "));
        }
        return new ProfileDocument(file, spec, revision == null ? 0 : revision, index, line, lines);
    }

    /** A text field: any scalar, as written; absent or null is null. */
    private static String text(Mapping m, String key, String where) throws ProfileFileException {
        Field f = m.entries().get(key);
        if (f == null || f.value() instanceof Null) {
            return null;
        }
        if (f.value() instanceof Scalar s) {
            return s.text();
        }
        throw new ProfileFileException(where + ": " + key + ": expected text, found " + kind(f.value()) + " at line "
                + f.value().at().line());
    }

    private static Integer wholeNumber(Mapping m, String key, String where, int min) throws ProfileFileException {
        Field f = m.entries().get(key);
        if (f == null || f.value() instanceof Null) {
            return null;
        }
        Node v = f.value();
        if (v instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                int n = Integer.parseInt(s.text().trim().replace("_", ""));
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below: 0x1F, 1_000_000_000_000 and friends are not what we want here
            }
        }
        throw new ProfileFileException(where + ": " + key + ": expected a whole number of at least " + min + ", found "
                + kind(v) + " at line " + v.at().line());
    }

    // --- writing: what `profiles show` and `profiles list --json` print, re-appliable as is ------------------

    /** The editable YAML form: {@code revision} first, so applying the edit is a compare-and-swap. */
    public static String yaml(ProfileSpec p, long revision) {
        try {
            return YAML_OUT.writeValueAsString(document(p, revision));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write profile " + p.id() + " as YAML", e);
        }
    }

    /** The same document as JSON, pretty-printed. */
    public static String json(ProfileSpec p, long revision) {
        try {
            return JSON_OUT.writeValueAsString(document(p, revision));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write profile " + p.id() + " as JSON", e);
        }
    }

    /** One profile as an ordered map, without defaults, so the printed form reads like what an admin writes. */
    public static Map<String, Object> document(ProfileSpec p, long revision) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (revision > 0) {
            m.put("revision", revision);
        }
        m.put("id", p.id());
        m.put("name", p.name());
        if (!p.description().isEmpty()) {
            m.put("description", p.description());
        }
        if (p.storageType() != null) {
            m.put("storageType", p.storageType());
        }
        if (p.minMatches() != null) {
            m.put("minMatches", p.minMatches());
        }
        m.put("requirements", p.requirements());
        return m;
    }

    // --- a small located tree: Jackson's own tree forgets lines, and admins need them -------------------------

    private static boolean isJson(String fileName, String text) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return true;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return false;
        }
        String t = text.stripLeading();
        if (t.startsWith("\uFEFF")) {
            t = t.substring(1).stripLeading();
        }
        return t.startsWith("{") || t.startsWith("[");
    }

    private static Node read(JsonParser p, JsonToken t, String file) throws IOException, ProfileFileException {
        Loc at = Loc.of(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                Map<String, Field> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    Loc keyAt = Loc.of(p.currentTokenLocation());
                    Node value = read(p, p.nextToken(), file);
                    Field before = entries.putIfAbsent(name, new Field(keyAt, value));
                    if (before != null) {
                        throw new ProfileFileException(file + ": line " + keyAt.line() + ": duplicate key '" + name
                                + "' (first at line " + before.keyAt().line() + ")");
                    }
                }
                if (k != JsonToken.END_OBJECT) {
                    throw new ProfileFileException(file + ": line " + at.line() + ": unexpected " + k);
                }
                return new Mapping(entries, at);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (i == null) {
                        throw new ProfileFileException(file + ": line " + at.line() + ": unterminated list");
                    }
                    items.add(read(p, i, file));
                }
                return new Sequence(items, at);
            }
            case VALUE_NULL -> {
                return new Null(at);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                // YAML's getText() is the scalar as written ("True", "1e3", "007"): kept verbatim.
                return new Scalar(p.getText(), t, at);
            }
            default -> throw new ProfileFileException(file + ": line " + at.line() + ": unsupported value (" + t
                    + "); expected text, a list or a mapping");
        }
    }

    private static String kind(Node n) {
        if (n instanceof Mapping) {
            return "a mapping";
        }
        if (n instanceof Sequence) {
            return "a list";
        }
        if (n instanceof Null) {
            return "nothing";
        }
        return "'" + ((Scalar) n).text() + "'";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private sealed interface Node permits Mapping, Sequence, Scalar, Null {
        Loc at();
    }

    private record Mapping(Map<String, Field> entries, Loc at) implements Node {
    }

    private record Sequence(List<Node> items, Loc at) implements Node {
    }

    private record Scalar(String text, JsonToken token, Loc at) implements Node {
    }

    private record Null(Loc at) implements Node {
    }

    private record Field(Loc keyAt, Node value) {
    }

    private record Loc(int line, int column) {
        static Loc of(JsonLocation l) {
            return l == null ? new Loc(0, 0) : new Loc(l.getLineNr(), l.getColumnNr());
        }
    }
}
