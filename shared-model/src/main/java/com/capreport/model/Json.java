package com.capreport.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The one JSON codec of the model. Unknown fields are ignored (a newer agent may add some);
 * missing required fields and wrong types are a {@link ModelParseException} with one line that
 * says where.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // After the time module, so it replaces that module's Instant reader (registered later wins).
            .addModule(new SimpleModule("capreport-instant").addDeserializer(Instant.class, new InstantReader()))
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

    private static final java.util.regex.Pattern WRONG_TOKEN = java.util.regex.Pattern.compile(
            "Cannot deserialize value of type `([^`]+)` from (\\w+) value \\(token `JsonToken\\.\\w+`\\)");
    private static final java.util.regex.Pattern NO_CREATOR = java.util.regex.Pattern.compile(
            "Cannot construct instance of `([^`]+)` \\(although at least one Creator exists\\): no [^ ]+ "
                    + "constructor/factory method to deserialize from (\\w+) value \\((.*)\\)");
    private static final java.util.regex.Pattern BAD_SCALAR = java.util.regex.Pattern.compile(
            "Cannot deserialize value of type `([^`]+)` from (\\w+) (\"[^\"]*\"): (.*)");
    private static final java.util.regex.Pattern ENUM_VALUES = java.util.regex.Pattern.compile(
            ".*not one of the values accepted for Enum class: (\\[[^\\]]*\\]).*");

    /**
     * Jackson's "Cannot deserialize value of type `java.util.LinkedHashMap<…>` from Array value" in
     * an admin's words: "expected a mapping (JSON object), found a list (JSON array)". Other messages
     * pass unchanged.
     */
    static String inAdminWords(String msg) {
        java.util.regex.Matcher m = WRONG_TOKEN.matcher(msg);
        if (m.matches()) {
            return "expected " + expected(m.group(1)) + ", found " + found(m.group(2));
        }
        m = NO_CREATOR.matcher(msg);
        if (m.matches()) {
            return "expected " + expected(m.group(1)) + ", found " + found(m.group(2)) + " (" + m.group(3) + ")";
        }
        m = BAD_SCALAR.matcher(msg);
        if (m.matches()) {
            java.util.regex.Matcher values = ENUM_VALUES.matcher(m.group(4));
            String want = values.matches() ? "one of " + values.group(1) : expected(m.group(1));
            return "expected " + want + ", found " + found(m.group(2)) + " " + m.group(3);
        }
        return msg;
    }

    private static String expected(String javaType) {
        String t = javaType.replaceAll("<.*", "");
        String simple = t.substring(t.lastIndexOf('.') + 1);
        if (simple.endsWith("Map")) {
            return "a mapping (JSON object)";
        }
        if (simple.endsWith("List") || simple.endsWith("Set") || simple.endsWith("[]") || simple.endsWith("Collection")) {
            return "a list (JSON array)";
        }
        return switch (simple) {
            case "String" -> "a string";
            case "long", "Long", "int", "Integer", "short", "Short" -> "a whole number";
            case "double", "Double", "float", "Float", "BigDecimal" -> "a number";
            case "boolean", "Boolean" -> "true or false";
            case "Instant" -> "a time (ISO-8601 in UTC, e.g. 2026-01-31T12:00:00Z)";
            case "Duration" -> "a duration";
            default -> "a JSON object";
        };
    }

    private static String found(String jacksonWord) {
        return switch (jacksonWord) {
            case "Array" -> "a list (JSON array)";
            case "Object" -> "a mapping (JSON object)";
            case "String" -> "a string";
            case "Number", "Integer", "Float", "int", "Int", "double" -> "a number";
            case "boolean", "Boolean" -> "a boolean";
            case "Null", "null" -> "null";
            default -> jacksonWord.toLowerCase(java.util.Locale.ROOT);
        };
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
        msg = inAdminWords(msg);
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

    /**
     * Reads instants as the time module does, with a fast path for what {@link Instant#toString}
     * writes ({@code 2026-03-01T12:19:45.123Z}, UTC, 0-9 fraction digits): every document carries a
     * few, and the module's formatter-based parse was about half the time of parsing a pool. Any
     * other form (offsets, numbers, odd values) goes to the module's reader, with its errors.
     */
    static final class InstantReader extends JsonDeserializer<Instant> {
        private final JsonDeserializer<Instant> standard = InstantDeserializer.INSTANT;

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = parseUtc(p.getText());
                if (fast != null) {
                    return fast;
                }
            }
            return standard.deserialize(p, ctxt);
        }

        /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} to an instant; null when the text is anything else. */
        static Instant parseUtc(String t) {
            int n = t.length();
            if (n < 20 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                    || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
                return null;
            }
            int year = digits(t, 0, 4);
            int month = digits(t, 5, 2);
            int day = digits(t, 8, 2);
            int hour = digits(t, 11, 2);
            int minute = digits(t, 14, 2);
            int second = digits(t, 17, 2);
            if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
                    || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
                return null;
            }
            int nanos = 0;
            if (n > 20) {
                int fraction = n - 21; // between the '.' and the 'Z'
                if (t.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                    return null;
                }
                nanos = digits(t, 20, fraction);
                if (nanos < 0) {
                    return null;
                }
                for (int i = fraction; i < 9; i++) {
                    nanos *= 10;
                }
            }
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        }

        /** The decimal value of {@code len} ASCII digits at {@code from}; -1 if any is not a digit. */
        private static int digits(String t, int from, int len) {
            int v = 0;
            for (int i = from; i < from + len; i++) {
                char c = t.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }
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
