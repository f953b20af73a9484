package com.capreport.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the realistic JSON documents under {@code src/test/resources/model/}. */
final class Fixtures {
    private Fixtures() {
    }

    /** The raw bytes of {@code model/<name>}, exactly as an agent or an admin wrote them. */
    static byte[] bytes(String name) {
        String resource = "/model/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON tree of a fixture file, as written (not through any record). */
    static JsonNode fileTree(String name) {
        return parseTree(bytes(name));
    }

    /** A mutable copy of a fixture's tree, to derive broken or extended documents from. */
    static ObjectNode mutableTree(String name) {
        return (ObjectNode) fileTree(name).deepCopy();
    }

    /** The JSON tree of encoded bytes (not {@link Json#tree}, which would encode a byte[] as base64). */
    static JsonNode parseTree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] toBytes(JsonNode tree) {
        try {
            return Json.mapper().writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T decode(String name, Class<T> type) {
        try {
            return Json.decode(bytes(name), type, "fixture " + name);
        } catch (ModelParseException e) {
            throw new AssertionError("fixture " + name + " does not decode: " + e.getMessage(), e);
        }
    }
}
