package com.capreport.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The one JSON codec of the model. Unknown fields are ignored (a newer agent may add some);
 * missing required fields and wrong types are a {@link ModelParseException} with one line that
 * says where.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** The shared mapper, for callers that need trees or streaming. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    public static String encodeString(Object value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes a document; {@code what} names it in the error ("pool key /capreport/v1/…").
     */
    public static <T> T decode(byte[] bytes, Class<T> type, String what) throws ModelParseException {
        if (bytes == null || bytes.length == 0) {
            throw new ModelParseException(what + ": empty value, expected a " + type.getSimpleName() + " JSON object");
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new ModelParseException(what + ": null, expected a " + type.getSimpleName() + " JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ModelParseException(what + ": " + describe(e), e);
        } catch (IOException e) {
            throw new ModelParseException(what + ": " + e.getMessage(), e);
        }
    }

    public static <T> T decode(String text, Class<T> type, String what) throws ModelParseException {
        return decode(text.getBytes(StandardCharsets.UTF_8), type, what);
    }

    /** A JSON tree of any value, for order-insensitive, number-type-insensitive comparison. */
    public static JsonNode tree(Object value) {
        try {
            return MAPPER.readTree(encode(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line: the innermost message, the field path and the position. */
    static String describe(JsonProcessingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
        if (msg == null) {
            msg = root.getClass().getSimpleName();
        }
        msg = msg.replaceAll("\\s+", " ").trim();
        if (msg.startsWith("Cannot map `null` into type")) {
            msg = "a required field is missing or null";
        }
        StringBuilder sb = new StringBuilder(msg);
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : jme.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            if (path.length() > 0) {
                sb.append(" (at field '").append(path).append("')");
            }
        }
        JsonLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            sb.append(" (line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr()).append(')');
        }
        return sb.toString();
    }

    /** Writes durations as {@link Durations#format}: "60s" reads better than "PT1M" for admins. */
    public static final class DurationSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(Durations.format(value));
        }
    }

    public static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage());
            }
        }
    }
}
