package com.capreport.agent.driver;

import com.capreport.model.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Reads a backend tool's JSON output. Tools print warnings on stdout now and then (lvm2 does), so
 * everything before the first '{' or '[' is skipped; garbage is a {@link DriverException} naming
 * the backend, the command and the position.
 */
public final class JsonOutput {
    /** lvm2 with {@code log/report_command_log=1} ends its "log" list with a trailing comma. */
    private static final com.fasterxml.jackson.databind.ObjectReader LENIENT = Json.mapper().reader()
            .with(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA.mappedFeature());

    private JsonOutput() {
    }

    public static JsonNode parse(String backend, String command, String stdout) throws DriverException {
        int start = -1;
        for (int i = 0; i < stdout.length(); i++) {
            char c = stdout.charAt(i);
            if ((c == '{' || c == '[') && (i == 0 || stdout.charAt(i - 1) == '\n' || onlySpaceBefore(stdout, i))) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            throw new DriverException(backend + ": " + command + " printed no JSON"
                    + (stdout.isBlank() ? " (empty output)" : ": " + abbreviate(stdout)));
        }
        try {
            return LENIENT.readTree(stdout.substring(start));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new DriverException(backend + ": " + command + " printed invalid JSON" + where + ": "
                    + e.getOriginalMessage().replaceAll("\\s+", " "));
        }
    }

    private static boolean onlySpaceBefore(String s, int i) {
        int lineStart = s.lastIndexOf('\n', i - 1) + 1;
        return s.substring(lineStart, i).isBlank();
    }

    private static String abbreviate(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() > 120 ? one.substring(0, 120) + "…" : one;
    }

    /** A text field, empty when missing or null. */
    public static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** A whole number given as a JSON number or a string (lvm2 prints all numbers as strings). */
    public static Optional<Long> number(JsonNode n, String field) {
        String t = text(n, field).trim();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Optional.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            try {
                return Optional.of((long) Double.parseDouble(t));
            } catch (NumberFormatException e2) {
                return Optional.empty();
            }
        }
    }

    public static Optional<Double> decimal(JsonNode n, String field) {
        String t = text(n, field).trim();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
