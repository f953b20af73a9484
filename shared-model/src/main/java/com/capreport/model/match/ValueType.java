package com.capreport.model.match;

import java.util.List;
import java.util.Map;

/** The JSON type a pool reports at a capability path. */
public enum ValueType {
    TEXT, NUMBER, BOOLEAN, LIST,
    /** A JSON object: a group of capabilities, not a value ({@code extras.DataStorageLineOfService}). */
    GROUP,
    /** An explicit JSON null. */
    NULL;

    public static ValueType of(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof String) {
            return TEXT;
        }
        if (value instanceof Number) {
            return NUMBER;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof List<?>) {
            return LIST;
        }
        if (value instanceof Map<?, ?>) {
            return GROUP;
        }
        return TEXT;
    }

    public String words() {
        return switch (this) {
            case TEXT -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case LIST -> "a list";
            case GROUP -> "a group of capabilities";
            case NULL -> "null";
        };
    }
}
