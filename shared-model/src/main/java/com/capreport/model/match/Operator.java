package com.capreport.model.match;

import java.util.EnumSet;
import java.util.Set;

/**
 * The operators of OpenStack volume-type extra specs. Where Cinder defines one, a text value gets
 * Cinder's answer; typed values (numbers, booleans, lists) get the natural typed answer.
 */
public enum Operator {
    /** A bare value: equality (Cinder compares the whole expression with the reported text). */
    VALUE("", "equals the value (text exactly; numbers and booleans as such; a list when it contains it)",
            EnumSet.of(ValueType.TEXT, ValueType.NUMBER, ValueType.BOOLEAN, ValueType.LIST)),
    IS("<is>", "is True / is False (text: 1, t, true, on, y, yes count as true, as in Cinder)",
            EnumSet.of(ValueType.TEXT, ValueType.BOOLEAN)),
    IN("<in>", "text contains the value (substring, as in Cinder); a list contains it as a member",
            EnumSet.of(ValueType.TEXT, ValueType.LIST)),
    ALL_IN("<all-in>", "text contains every value; a list contains every value as a member",
            EnumSet.of(ValueType.TEXT, ValueType.LIST)),
    OR("<or>", "equals one of the values: <or> a <or> b (a list: one member equals one of them)",
            EnumSet.of(ValueType.TEXT, ValueType.NUMBER, ValueType.BOOLEAN, ValueType.LIST)),
    AT_LEAST("=", "a number at least the value (Cinder's legacy '=': the same as >=)", EnumSet.of(ValueType.TEXT, ValueType.NUMBER)),
    NUM_EQ("==", "a number equal to the value", EnumSet.of(ValueType.TEXT, ValueType.NUMBER)),
    NUM_NE("!=", "a number not equal to the value", EnumSet.of(ValueType.TEXT, ValueType.NUMBER)),
    NUM_GE(">=", "a number greater than or equal to the value", EnumSet.of(ValueType.TEXT, ValueType.NUMBER)),
    NUM_LE("<=", "a number less than or equal to the value", EnumSet.of(ValueType.TEXT, ValueType.NUMBER)),
    S_EQ("s==", "text equal to the value (a list: one element is)", EnumSet.of(ValueType.TEXT, ValueType.LIST)),
    S_NE("s!=", "text not equal to the value", EnumSet.of(ValueType.TEXT, ValueType.LIST)),
    S_LT("s<", "text sorting before the value (code point order)", EnumSet.of(ValueType.TEXT, ValueType.LIST)),
    S_LE("s<=", "text sorting before or equal to the value", EnumSet.of(ValueType.TEXT, ValueType.LIST)),
    S_GT("s>", "text sorting after the value", EnumSet.of(ValueType.TEXT, ValueType.LIST)),
    S_GE("s>=", "text sorting after or equal to the value", EnumSet.of(ValueType.TEXT, ValueType.LIST));

    private final String token;
    private final String describe;
    private final Set<ValueType> types;

    Operator(String token, String describe, Set<ValueType> types) {
        this.token = token;
        this.describe = describe;
        this.types = types;
    }

    /** As written in an expression; empty for a bare value. */
    public String token() {
        return token;
    }

    public String describe() {
        return describe;
    }

    public boolean applicableTo(ValueType type) {
        return types.contains(type);
    }

    /** The reported types this operator can compare. */
    public Set<ValueType> types() {
        return java.util.Collections.unmodifiableSet(types);
    }

    public boolean numeric() {
        return this == AT_LEAST || this == NUM_EQ || this == NUM_NE || this == NUM_GE || this == NUM_LE;
    }

    public boolean textual() {
        return this == S_EQ || this == S_NE || this == S_LT || this == S_LE || this == S_GT || this == S_GE;
    }

    /** The operator written as {@code token}, or null when the token is no operator. */
    public static Operator ofToken(String token) {
        for (Operator o : values()) {
            if (o != VALUE && o.token.equals(token)) {
                return o;
            }
        }
        return null;
    }
}
