package com.capreport.model.match;

import com.capreport.model.PoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One parsed requirement: a capability path and an expression in the volume-type operator syntax.
 * Parsing is stricter than Cinder (which silently ignores what it cannot use, so {@code <or> a b}
 * never matches {@code b}); matching gives Cinder's answer on text values.
 */
public final class Requirement {
    /** Capacity paths and the unit their values are in: a unit written in the expression converts. */
    private static final Map<String, Long> CAPACITY_UNIT = Map.of(
            "freeCapacity", 1L << 30, "totalCapacity", 1L << 30,
            "freeCapacityBytes", 1L, "totalCapacityBytes", 1L);
    private static final Map<String, Long> UNITS = Map.of(
            "b", 1L, "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30, "tib", 1L << 40, "pib", 1L << 50,
            "eib", 1L << 60);

    private final String path;
    private final String label;
    private final String expression;
    private final Operator operator;
    private final List<String> operands;
    private final double number;
    private final boolean bool;
    private final String unitWord;
    /** {@code extras.A.B} split once: the plain nested lookup, without building substrings per pool. */
    private final String[] extrasSegments;
    /** A numeric operator, and whether it compares reported numbers: the hot path for numbers. */
    private final boolean numericOperator;
    private final boolean comparesNumbers;

    /** What {@link #valueIn} returns for a path the pool does not report (null is a reported null). */
    static final Object ABSENT = new Object();

    private Requirement(String path, String expression, Operator operator, List<String> operands, double number,
                        boolean bool, String unitWord) {
        this.path = path;
        this.label = path.startsWith("extras.") ? path.substring("extras.".length()) : path;
        this.expression = expression;
        this.operator = operator;
        this.operands = List.copyOf(operands);
        this.number = number;
        this.bool = bool;
        this.unitWord = unitWord;
        this.extrasSegments = path.startsWith("extras.") ? path.substring("extras.".length()).split("\\.") : null;
        this.numericOperator = operator.numeric();
        this.comparesNumbers = operator.applicableTo(ValueType.NUMBER);
    }

    /** The pool's value at this requirement's path, or {@link #ABSENT}. */
    Object valueIn(PoolSpec pool) {
        if (path.equals("freeCapacity") || path.equals("totalCapacity")) {
            // Compare exact GiB (from bytes), not the whole-GiB field: '>= 1536 MiB' on 1.9 GiB free holds.
            long bytes = path.equals("freeCapacity") ? pool.freeCapacityBytes() : pool.totalCapacityBytes();
            long gib = path.equals("freeCapacity") ? pool.freeCapacity() : pool.totalCapacity();
            return bytes > 0 || gib == 0 ? (Object) (bytes / (double) (1L << 30)) : (Object) gib;
        }
        if (extrasSegments != null) {
            Object node = pool.extras();
            for (String segment : extrasSegments) {
                if (!(node instanceof Map<?, ?> m)) {
                    node = ABSENT;
                    break;
                }
                Object next = m.get(segment);
                if (next == null && !m.containsKey(segment)) {
                    node = ABSENT;
                    break;
                }
                node = next;
            }
            if (node != ABSENT) {
                return node;
            }
            // Vendor keys may contain dots ("lvm.vgAttr"): the general lookup tries those splits,
            // which can only find something when a map on the way holds such a key.
            if (!dottedKeyOnTheWay(pool.extras())) {
                return ABSENT;
            }
        }
        java.util.Optional<com.capreport.model.Extras.Reported> found = PoolValues.lookup(pool, path);
        return found.isPresent() ? found.get().value() : ABSENT;
    }

    /** Whether a map the plain walk of {@code extrasSegments} visits has a key containing a dot. */
    private boolean dottedKeyOnTheWay(Object node) {
        for (String segment : extrasSegments) {
            if (!(node instanceof Map<?, ?> m)) {
                return false;
            }
            for (Object key : m.keySet()) {
                if (key instanceof String k && k.indexOf('.') >= 0) {
                    return true;
                }
            }
            if (!m.containsKey(segment)) {
                return false;
            }
            node = m.get(segment);
        }
        return false;
    }

    public String path() {
        return path;
    }

    /** The path as shown in reasons: without the leading {@code extras.}. */
    public String label() {
        return label;
    }

    public String expression() {
        return expression;
    }

    public Operator operator() {
        return operator;
    }

    /** The values after the operator ({@code <or>} keywords removed); the whole text for a bare value. */
    public List<String> operands() {
        return operands;
    }

    /** The numeric operand of a numeric operator, in the path's own unit. */
    public double number() {
        return number;
    }

    /** The unit a capacity path's numbers are in (bytes per unit: 2^30 for GiB, 1 for bytes); empty for other paths. */
    public static Optional<Long> capacityUnit(String path) {
        return Optional.ofNullable(CAPACITY_UNIT.get(path));
    }

    /** Whether the path holds a capacity in GiB or bytes. */
    public boolean capacity() {
        return CAPACITY_UNIT.containsKey(path);
    }

    /** " GiB" / " bytes" for capacity paths, empty otherwise. */
    String unitSuffix() {
        Long u = CAPACITY_UNIT.get(path);
        return u == null ? "" : u == 1L ? " bytes" : " GiB";
    }

    /** The expression as shown in reasons: capacity gets its unit stated. */
    public String shown() {
        String e = expression.strip();
        return unitWord == null && operator.numeric() ? e + unitSuffix() : e;
    }

    @Override
    public String toString() {
        return path + ": " + expression;
    }

    private record Token(String text, int position) {
    }

    private static List<Token> split(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Values.pySpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && !Values.pySpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(new Token(s.substring(start, i), start + 1));
            }
        }
        return out;
    }

    /** Parses {@code expression} for {@code path}; the error names the path and position. */
    public static Requirement parse(String path, String expression) throws RequirementSyntaxException {
        if (path == null || path.isBlank()) {
            throw new RequirementSyntaxException("(empty path)", 1, "a requirement needs a capability path");
        }
        if (expression == null) {
            throw new RequirementSyntaxException(path, 1, "no expression; write a value or e.g. '>= 5000'");
        }
        List<Token> words = split(expression);
        if (words.isEmpty()) {
            throw new RequirementSyntaxException(path, 1,
                    "empty expression; write a value or an operator and a value, e.g. '<is> True'");
        }
        Token first = words.get(0);
        Operator op = Operator.ofToken(first.text());
        if (op == null) {
            rejectLookalike(path, first);
            return new Requirement(path, expression, Operator.VALUE, List.of(expression), Double.NaN, false, null);
        }
        List<Token> rest = words.subList(1, words.size());
        int end = expression.length() + 1;
        if (rest.isEmpty()) {
            throw new RequirementSyntaxException(path, end, "'" + op.token() + "' needs a value after it");
        }
        return switch (op) {
            case OR -> parseOr(path, expression, first, rest);
            case ALL_IN -> new Requirement(path, expression, op, rest.stream().map(Token::text).toList(), Double.NaN,
                    false, null);
            case IS -> {
                Boolean b = Values.boolWord(rest.get(0).text());
                if (b == null) {
                    throw new RequirementSyntaxException(path, rest.get(0).position(),
                            "'<is>' needs True or False, found '" + rest.get(0).text() + "'");
                }
                onlyOne(path, op, rest);
                yield new Requirement(path, expression, op, List.of(rest.get(0).text()), Double.NaN, b, null);
            }
            case AT_LEAST, NUM_EQ, NUM_NE, NUM_GE, NUM_LE -> parseNumeric(path, expression, op, rest);
            default -> {
                onlyOne(path, op, rest);
                yield new Requirement(path, expression, op, List.of(rest.get(0).text()), Double.NaN, false, null);
            }
        };
    }

    private static void rejectLookalike(String path, Token first) throws RequirementSyntaxException {
        String t = first.text();
        if (t.length() > 2 && t.startsWith("<") && t.endsWith(">")) {
            throw new RequirementSyntaxException(path, first.position(), "unknown operator '" + t
                    + "' (operators: <is> <in> <all-in> <or> = == != >= <= s== s!= s< s<= s> s>=)");
        }
        String hint = switch (t) {
            case ">", "=>" -> "'>=' (or 's>' for text)";
            case "<", "=<" -> "'<=' (or 's<' for text)";
            case "<>" -> "'!='";
            case "s=" -> "'s=='";
            default -> null;
        };
        if (hint != null) {
            throw new RequirementSyntaxException(path, first.position(),
                    "'" + t + "' is not an operator; did you mean " + hint + "?");
        }
    }

    private static void onlyOne(String path, Operator op, List<Token> rest) throws RequirementSyntaxException {
        if (rest.size() > 1) {
            String more = op == Operator.IN ? "; for several values use '<all-in> a b'" : op.textual()
                    ? "; text values cannot contain spaces" : "";
            throw new RequirementSyntaxException(path, rest.get(1).position(), "'" + op.token()
                    + "' takes one value, found also '" + rest.get(1).text() + "'" + more);
        }
    }

    private static Requirement parseOr(String path, String expression, Token first, List<Token> rest)
            throws RequirementSyntaxException {
        List<String> alternatives = new ArrayList<>();
        boolean expectValue = true;
        for (Token t : rest) {
            boolean keyword = t.text().equals("<or>");
            if (expectValue && keyword) {
                throw new RequirementSyntaxException(path, t.position(), "expected a value after '<or>', found '<or>'");
            }
            if (!expectValue && !keyword) {
                throw new RequirementSyntaxException(path, t.position(), "expected '<or>' before '" + t.text()
                        + "' (write '<or> a <or> b'; values cannot contain spaces)");
            }
            if (!keyword) {
                alternatives.add(t.text());
            }
            expectValue = keyword;
        }
        if (expectValue) {
            throw new RequirementSyntaxException(path, expression.length() + 1, "expected a value after the last '<or>'");
        }
        return new Requirement(path, expression, Operator.OR, alternatives, Double.NaN, false, null);
    }

    private static Requirement parseNumeric(String path, String expression, Operator op, List<Token> rest)
            throws RequirementSyntaxException {
        Token value = rest.get(0);
        OptionalDouble d = Values.pythonFloat(value.text());
        if (d.isEmpty()) {
            throw new RequirementSyntaxException(path, value.position(),
                    "'" + op.token() + "' needs a number, found '" + value.text() + "'");
        }
        double n = d.getAsDouble();
        String unitWord = null;
        if (rest.size() > 1) {
            Token unit = rest.get(1);
            Long factor = UNITS.get(unit.text().toLowerCase(Locale.ROOT));
            Long native_ = CAPACITY_UNIT.get(path);
            if (factor == null || native_ == null) {
                String why = native_ == null && factor != null
                        ? "; units only apply to freeCapacity, totalCapacity, freeCapacityBytes, totalCapacityBytes"
                        : native_ != null ? "; units: B KiB MiB GiB TiB PiB EiB" : "";
                throw new RequirementSyntaxException(path, unit.position(), "'" + op.token()
                        + "' takes one number, found also '" + unit.text() + "'" + why);
            }
            if (rest.size() > 2) {
                throw new RequirementSyntaxException(path, rest.get(2).position(),
                        "unexpected '" + rest.get(2).text() + "' after the unit");
            }
            n = n * factor / native_;
            unitWord = unit.text();
        }
        return new Requirement(path, expression, op, List.of(value.text()), n, false, unitWord);
    }

    // ---------------------------------------------------------------- matching

    /**
     * Tests a reported value. Returns null when it satisfies the requirement, else the reason.
     * Never throws: a value the operator cannot compare is a {@link Reason.Kind#WRONG_TYPE} reason.
     */
    Reason test(Object value) {
        return satisfies(value) ? null : explain(value);
    }

    /** Whether a reported value satisfies the requirement; allocation-free on the hot path. */
    boolean satisfies(Object value) {
        if (numericOperator && value instanceof Number n) {
            return comparesNumbers && compareNumber(n.doubleValue()); // what the general path below answers
        }
        ValueType type = ValueType.of(value);
        if (type == ValueType.NULL || !operator.applicableTo(type)) {
            return false;
        }
        return switch (operator) {
            case VALUE -> type == ValueType.LIST ? anyElement((List<?>) value, e -> equalsValue(e, expression))
                    : equalsValue(value, expression);
            case OR -> anyAlternative(value, type);
            case IS -> type == ValueType.BOOLEAN ? (Boolean) value == bool : Values.cinderBool((String) value) == bool;
            case IN -> type == ValueType.LIST ? anyElement((List<?>) value, e -> equalsValue(e, operands.get(0)))
                    : ((String) value).contains(operands.get(0));
            case ALL_IN -> allIn(value, type);
            case AT_LEAST, NUM_EQ, NUM_NE, NUM_GE, NUM_LE -> {
                OptionalDouble v = numericValue(value);
                yield v.isPresent() && compareNumber(v.getAsDouble());
            }
            case S_EQ, S_NE, S_LT, S_LE, S_GT, S_GE -> type == ValueType.LIST
                    // Cinder's CapabilitiesFilter: a list capability matches when one element does.
                    ? anyElement((List<?>) value, e -> e instanceof String t && compareText(t)) : compareText((String) value);
        };
    }

    private boolean allIn(Object value, ValueType type) {
        for (String o : operands) {
            boolean found = type == ValueType.LIST ? containsValue((List<?>) value, o) : ((String) value).contains(o);
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** {@link #satisfies} for a reported {@link Number} with this double value. */
    boolean satisfiesNumber(double value) {
        return numericOperator ? comparesNumbers && compareNumber(value) : satisfies(value);
    }

    /** Why a value that does not satisfy the requirement fails it. */
    Reason explain(Object value) {
        ValueType type = ValueType.of(value);
        if (type == ValueType.NULL) {
            return new Reason(path, Reason.Kind.FAILS, label + " reports null (no value), needs " + shown());
        }
        if (!operator.applicableTo(type)) {
            return wrongType(value, type);
        }
        if (operator.numeric() && numericValue(value).isEmpty()) {
            return new Reason(path, Reason.Kind.WRONG_TYPE, label + " reports " + Values.show(value)
                    + ", which is not a number; '" + operator.token() + "' compares numbers");
        }
        if (capacity() && value instanceof Number n && operator.numeric()) {
            // The pools table's formatter decides the unit of both sides: "reports 1.2 TiB, needs >= 2 TiB".
            long unit = CAPACITY_UNIT.get(path);
            long thresholdBytes = Math.round(number * unit);
            String shownValue = com.capreport.model.Capacity.humanBeside(Math.round(n.doubleValue() * unit),
                    thresholdBytes);
            return new Reason(path, Reason.Kind.FAILS, label + " reports " + shownValue + ", needs "
                    + neededCapacity(thresholdBytes));
        }
        String shownValue = (capacity() && value instanceof Number n ? Values.capacity(n.doubleValue())
                : Values.show(value)) + (type == ValueType.NUMBER ? unitSuffix() : "");
        return new Reason(path, Reason.Kind.FAILS, label + " reports " + shownValue + ", needs " + shown());
    }

    /**
     * A capacity threshold in the unit the tables would show it in ("{@code >= 2048}" on
     * {@code freeCapacity} reads "{@code >= 2 TiB}"), when that text is exact; else as written.
     */
    private String neededCapacity(long thresholdBytes) {
        String human = com.capreport.model.Capacity.human(thresholdBytes);
        int space = human.indexOf(' ');
        double back = Double.parseDouble(human.substring(0, space))
                * UNITS.get(human.substring(space + 1).toLowerCase(Locale.ROOT));
        return Math.round(back) == thresholdBytes ? operator.token() + " " + human : shown();
    }

    /**
     * What a pool lacks for this requirement, in short: "MaxIOPS (does not report)",
     * "RecoverableCapacitySourceCount 1 needs >= 2", "freeCapacity 1.2 TiB needs >= 2 TiB".
     */
    String lack(Object value) {
        int dot = label.lastIndexOf('.');
        String tail = dot < 0 ? label : label.substring(dot + 1);
        if (value == ABSENT) {
            return tail + " (does not report)";
        }
        ValueType type = ValueType.of(value);
        if (type == ValueType.NULL) {
            return tail + " null needs " + shown();
        }
        if (capacity() && value instanceof Number n && operator.numeric()) {
            long unit = CAPACITY_UNIT.get(path);
            long thresholdBytes = Math.round(number * unit);
            return tail + " " + com.capreport.model.Capacity.humanBeside(Math.round(n.doubleValue() * unit),
                    thresholdBytes) + " needs " + neededCapacity(thresholdBytes);
        }
        String needs = operator == Operator.VALUE ? "needs " + expression.strip() : "needs " + shown();
        return tail + " " + Values.show(value) + (operator.applicableTo(type) ? "" : " (" + type.words() + ")")
                + " " + needs;
    }

    private Reason wrongType(Object value, ValueType type) {
        String needs;
        if (operator.numeric()) {
            needs = "'" + operator.token() + "' compares numbers";
        } else if (operator.textual()) {
            needs = "'" + operator.token() + "' compares text";
        } else if (operator == Operator.IS) {
            needs = "'<is>' needs a boolean";
        } else if (operator == Operator.IN || operator == Operator.ALL_IN) {
            needs = "'" + operator.token() + "' needs text or a list";
        } else {
            needs = "a group cannot equal a value; name a capability inside it";
        }
        String hint = "";
        if (type == ValueType.NUMBER && operator.textual()) {
            hint = " (for numbers use '" + switch (operator) {
                case S_EQ -> "==";
                case S_NE -> "!=";
                case S_LT, S_LE -> "<=";
                default -> ">=";
            } + "')";
        } else if (type == ValueType.BOOLEAN) {
            hint = " (use '<is> True' or '<is> False')";
        }
        return new Reason(path, Reason.Kind.WRONG_TYPE, label + " reports " + Values.show(value) + " (" + type.words()
                + "); " + needs + hint);
    }

    /** {@code anyElement(list, e -> equalsValue(e, written))} without a lambda per pool and operand. */
    private static boolean containsValue(List<?> list, String written) {
        for (int i = 0; i < list.size(); i++) {
            if (equalsValue(list.get(i), written)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyElement(List<?> list, java.util.function.Predicate<Object> p) {
        for (Object e : list) {
            if (p.test(e)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyAlternative(Object value, ValueType type) {
        for (String alt : operands) {
            if (type == ValueType.LIST ? anyElement((List<?>) value, e -> equalsValue(e, alt)) : equalsValue(value, alt)) {
                return true;
            }
        }
        return false;
    }

    /** Equality of one reported scalar with one written value: text exactly, others typed. */
    private static boolean equalsValue(Object reported, String written) {
        if (reported instanceof String s) {
            return s.equals(written);
        }
        if (reported instanceof Boolean b) {
            Boolean w = Values.boolWord(written);
            return w != null && w.booleanValue() == b;
        }
        if (reported instanceof Number n) {
            OptionalDouble w = Values.pythonFloat(written);
            return w.isPresent() && w.getAsDouble() == n.doubleValue();
        }
        return false;
    }

    /** The value as a number: numbers as such, text as Python's float() reads it. */
    static OptionalDouble numericValue(Object value) {
        if (value instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        if (value instanceof String s) {
            return Values.pythonFloat(s);
        }
        return OptionalDouble.empty();
    }

    private boolean compareNumber(double v) {
        return switch (operator) {
            case AT_LEAST, NUM_GE -> v >= number;
            case NUM_EQ -> v == number;
            case NUM_NE -> v != number;
            case NUM_LE -> v <= number;
            default -> false;
        };
    }

    private boolean compareText(String v) {
        int c = Values.compareText(v, operands.get(0));
        return switch (operator) {
            case S_EQ -> c == 0;
            case S_NE -> c != 0;
            case S_LT -> c < 0;
            case S_LE -> c <= 0;
            case S_GT -> c > 0;
            case S_GE -> c >= 0;
            default -> false;
        };
    }
}
