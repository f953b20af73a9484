package com.capreport.model.match;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The value rules Cinder inherits from Python, written down once: {@code float(x)} parsing,
 * {@code strutils.bool_from_string}, string ordering; plus how values are shown in reasons.
 */
final class Values {
    /** Python's float() literal grammar: digits with single underscores, a fraction, an exponent. */
    private static final Pattern PY_FLOAT = Pattern.compile(
            "[+-]?(?:\\d(?:_?\\d)*(?:\\.(?:\\d(?:_?\\d)*)?)?|\\.\\d(?:_?\\d)*)(?:[eE][+-]?\\d(?:_?\\d)*)?");
    private static final Pattern PY_SPECIAL = Pattern.compile("([+-]?)(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> TRUE_WORDS = Set.of("1", "t", "true", "on", "y", "yes");
    private static final Set<String> FALSE_WORDS = Set.of("0", "f", "false", "off", "n", "no");

    private Values() {
    }

    /** Python's {@code str.isspace()}: Java's whitespace plus the no-break spaces and NEL. */
    static boolean pySpace(char c) {
        return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F' || c == '\u0085';
    }

    static String pyStrip(String text) {
        int a = 0;
        int b = text.length();
        while (a < b && pySpace(text.charAt(a))) {
            a++;
        }
        while (b > a && pySpace(text.charAt(b - 1))) {
            b--;
        }
        return text.substring(a, b);
    }

    /** A capacity in GiB as shown in reasons: whole numbers as such, else two decimals at most. */
    static String capacity(double gib) {
        return gib == Math.rint(gib) ? number(gib)
                : BigDecimal.valueOf(gib).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** Python {@code float(text)}: empty when Python would raise ValueError. */
    static OptionalDouble pythonFloat(String text) {
        String s = pyStrip(text);
        if (PY_FLOAT.matcher(s).matches()) {
            return OptionalDouble.of(Double.parseDouble(s.replace("_", "")));
        }
        java.util.regex.Matcher m = PY_SPECIAL.matcher(s);
        if (m.matches()) {
            boolean negative = m.group(1).equals("-");
            if (m.group(2).equalsIgnoreCase("nan")) {
                return OptionalDouble.of(Double.NaN);
            }
            return OptionalDouble.of(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        return OptionalDouble.empty();
    }

    /** oslo {@code strutils.bool_from_string(text)} with its default: anything else is false. */
    static boolean cinderBool(String text) {
        return TRUE_WORDS.contains(pyStrip(text).toLowerCase(Locale.ROOT));
    }

    /** True/false for a word strutils knows either way; null for any other word. */
    static Boolean boolWord(String text) {
        String s = pyStrip(text).toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(s)) {
            return Boolean.TRUE;
        }
        if (FALSE_WORDS.contains(s)) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** Python's str comparison: by code point, not by UTF-16 unit. */
    static int compareText(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** A number as an admin writes it: 5000, 0.5, 1.5e+20 — never 5000.0. */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static String number(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof java.math.BigInteger) {
            return n.toString();
        }
        if (n instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        return number(n.doubleValue());
    }

    /** A reported value as shown in a reason: text quoted, lists bracketed, groups summarised. */
    static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + (s.length() > 80 ? s.substring(0, 77) + "…" : s) + "\"";
        }
        if (value instanceof Number n) {
            return number(n);
        }
        if (value instanceof List<?> l) {
            return l.stream().map(v -> v instanceof String s ? s : show(v)).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> m) {
            return "a group of " + m.size() + " capabilities";
        }
        return String.valueOf(value);
    }

    /** A value as plain text, for catalogs and suggestions: no quotes. */
    static String text(Object value) {
        return value instanceof String s ? s : show(value);
    }
}
