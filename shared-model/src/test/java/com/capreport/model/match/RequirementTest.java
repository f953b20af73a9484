package com.capreport.model.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.capreport.model.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator, on text (where the answer must be Cinder's: {@code extra_specs_ops.match} on the
 * same strings) and on typed values (numbers, booleans, lists), including the odd inputs.
 */
class RequirementTest {

    /** Text values: the expected answers are what Cinder's extra_specs_ops.match returns. */
    static Stream<Arguments> cinderTextCases() {
        return Stream.of(
                // '=' is Cinder's legacy numeric "at least"
                arguments("500", "= 500", true),
                arguments("499", "= 500", false),
                arguments("501.5", "= 500", true),
                arguments("1e3", "= 500", true),
                arguments("1E-3", "= 0.001", true),
                arguments(" 600 ", "= 500", true),
                arguments("600\t", ">= 500", true),
                arguments("6000\u00a0", ">= 5000", true),
                arguments("abc", "= 5", false),
                arguments("", "= 5", false),
                arguments("   ", ">= 0", false),
                arguments("inf", ">= 5", true),
                arguments("-Infinity", "<= 5", true),
                arguments("nan", ">= 5", false),
                arguments("nan", "!= 5", true),
                arguments("1_000", ">= 999", true),
                arguments("1__000", ">= 999", false),
                arguments("1d", ">= 1", false),
                arguments("0x10", ">= 1", false),
                arguments("5.0", "== 5", true),
                arguments("5", "!= 5", false),
                arguments("+5", "== 5", true),
                arguments(".5", "<= 0.5", true),
                arguments("5.", "== 5", true),
                arguments("1,000", ">= 1", false),
                // <in> on text is a substring test, case-sensitive
                arguments("ThinProvisioned", "<in> Thin", true),
                arguments("thin", "<in> Thin", false),
                arguments("", "<in> Thin", false),
                arguments("aes vmx sse", "<all-in> aes vmx", true),
                arguments("aes sse", "<all-in> aes vmx", false),
                // <is>: oslo bool_from_string on both sides
                arguments("True", "<is> True", true),
                arguments("TRUE", "<is> true", true),
                arguments("tRuE", "<is> True", true),
                arguments("yes", "<is> True", true),
                arguments("1", "<is> True", true),
                arguments("on", "<is> True", true),
                arguments("False", "<is> True", false),
                arguments("garbage", "<is> False", true),
                arguments("", "<is> False", true),
                arguments(" true ", "<is> True", true),
                // <or>: exact text equality with one alternative
                arguments("RBD", "<or> iSCSI <or> RBD", true),
                arguments("rbd", "<or> iSCSI <or> RBD", false),
                arguments("NVMeoF", "<or> iSCSI <or> RBD", false),
                arguments("iSCSI", "<or> iSCSI", true),
                // string operators compare code points (Python str ordering)
                arguments("abc", "s< abd", true),
                arguments("B", "s< a", true),
                arguments("10", "s< 9", true),
                arguments("abc", "s<= abc", true),
                arguments("abd", "s> abc", true),
                arguments("abc", "s>= abd", false),
                arguments("Server", "s!= Server", false),
                arguments("Rack", "s!= Server", true),
                arguments("lvm", "s== lvm", true),
                arguments("", "s== lvm", false),
                arguments("\uD83D\uDE00", "s> \uFFFF", true),
                // a bare value is equality with the whole expression
                arguments("block", "block", true),
                arguments("Block", "block", false),
                arguments("fast ssd", "fast ssd", true),
                arguments("=5", "=5", true),
                arguments("", "x", false));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" vs \"{1}\" -> {2}")
    @MethodSource("cinderTextCases")
    void textValuesGetCindersAnswer(String value, String expression, boolean expected) throws Exception {
        Requirement r = Requirement.parse("capability", expression);

        assertThat(r.satisfies(value)).isEqualTo(expected);
        Reason why = r.test(value);
        if (expected) {
            assertThat(why).isNull();
        } else {
            assertThat(why).isNotNull();
            assertThat(why.message()).startsWith("capability reports \"" + value.substring(0, Math.min(value.length(), 5)));
        }
    }

    /** Typed values (JSON numbers, booleans, lists): the natural typed meaning. */
    static Stream<Arguments> typedCases() {
        return Stream.of(
                arguments("3000", ">= 5000", false, "MaxIOPS reports 3000, needs >= 5000"),
                arguments("5000", "= 5000", true, null),
                arguments("5000.0", "== 5000", true, null),
                arguments("1e4", ">= 5000", true, null),
                arguments("-1", "<= 0", true, null),
                arguments("3", "!= 3", false, "MaxIOPS reports 3, needs != 3"),
                arguments("3000", "3000", true, null),
                arguments("3000", "3000.0", true, null),
                arguments("3000", "three", false, "MaxIOPS reports 3000, needs three"),
                arguments("3000", "<or> 1000 <or> 3000", true, null),
                arguments("3000", "s== 3000", false, "(a number); 's==' compares text (for numbers use '==')"),
                arguments("3000", "<in> 30", false, "(a number); '<in>' needs text or a list"),
                arguments("3000", "<is> True", false, "'<is>' needs a boolean"),
                arguments("true", "<is> True", true, null),
                arguments("true", "<is> FALSE", false, "MaxIOPS reports true, needs <is> FALSE"),
                arguments("false", "<is> no", true, null),
                arguments("true", "True", true, null),
                arguments("true", "tRuE", true, null),
                arguments("true", "maybe", false, "MaxIOPS reports true, needs maybe"),
                arguments("true", ">= 1", false, "(a boolean); '>=' compares numbers (use '<is> True' or '<is> False')"),
                arguments("true", "s== true", false, "'s==' compares text"),
                arguments("[\"Thin\",\"Fixed\"]", "<in> Thin", true, null),
                arguments("[\"ThinProvisioned\"]", "<in> Thin", false, "MaxIOPS reports [ThinProvisioned], needs <in> Thin"),
                arguments("[\"Snapshot\",\"Clone\"]", "<all-in> Snapshot Clone", true, null),
                arguments("[\"Snapshot\"]", "<all-in> Snapshot Clone", false, "needs <all-in> Snapshot Clone"),
                arguments("[\"iSCSI\",\"RBD\"]", "<or> NVMe <or> RBD", true, null),
                arguments("[\"iSCSI\",\"RBD\"]", "RBD", true, null),
                arguments("[1, 2, 3]", "<in> 2", true, null),
                arguments("[]", "<in> Thin", false, "MaxIOPS reports [], needs <in> Thin"),
                arguments("[\"Thin\"]", ">= 5", false, "MaxIOPS reports [Thin] (a list); '>=' compares numbers"),
                arguments("[\"Thin\"]", "s== Thin", true, null),
                arguments("[\"Fixed\", \"Thin\"]", "s!= Fixed", true, null),
                arguments("[\"Fixed\"]", "s!= Fixed", false, "MaxIOPS reports [Fixed], needs s!= Fixed"),
                arguments("[3, 4]", "s== 3", false, "MaxIOPS reports [3, 4], needs s== 3"),
                arguments("{\"a\": 1}", "<in> a", false, "(a group of capabilities); '<in>' needs text or a list"),
                arguments("{\"a\": 1}", "x", false, "a group cannot equal a value"),
                arguments("null", ">= 1", false, "MaxIOPS reports null (no value), needs >= 1"),
                arguments("null", "<is> False", false, "reports null"));
    }

    @ParameterizedTest(name = "[{index}] {0} vs \"{1}\" -> {2}")
    @MethodSource("typedCases")
    void typedValuesGetTheirNaturalMeaning(String json, String expression, boolean expected, String reason)
            throws Exception {
        Object value = Json.mapper().readValue("{\"v\": " + json + "}", new TypeReference<Map<String, Object>>() { })
                .get("v");
        Requirement r = Requirement.parse("extras.IOConnectivityLineOfService.MaxIOPS".replace(
                "IOConnectivityLineOfService.", ""), expression);

        assertThat(r.satisfies(value)).isEqualTo(expected);
        if (expected) {
            assertThat(r.test(value)).isNull();
        } else {
            assertThat(r.test(value).message()).contains(reason);
        }
    }

    @Test
    void capacityRequirementsStateTheirUnit() throws Exception {
        Requirement gib = Requirement.parse("freeCapacity", ">= 500");
        Requirement tib = Requirement.parse("freeCapacity", ">= 2 TiB");
        Requirement bytes = Requirement.parse("freeCapacityBytes", ">= 500 GiB");

        assertThat(gib.test(300L).message()).isEqualTo("freeCapacity reports 300 GiB, needs >= 500 GiB");
        assertThat(tib.satisfies(2048L)).isTrue();
        assertThat(tib.satisfies(2047L)).isFalse();
        // The table shows 2047 GiB as "2 TiB": beside ">= 2 TiB" the reason tells them apart.
        assertThat(tib.test(2047L).message()).isEqualTo("freeCapacity reports 1.999 TiB, needs >= 2 TiB");
        assertThat(bytes.satisfies(500L << 30)).isTrue();
        assertThat(bytes.satisfies((500L << 30) - 1)).isFalse();
        assertThat(bytes.test(1024L).message()).isEqualTo("freeCapacityBytes reports 1 KiB, needs >= 500 GiB");
    }

    @Test
    void capacityReasonsUseTheUnitThePoolsTableShows() throws Exception {
        Requirement unitless = Requirement.parse("freeCapacity", ">= 2048");
        Requirement atMost = Requirement.parse("totalCapacityBytes", "<= 100 GiB");
        Requirement odd = Requirement.parse("freeCapacity", ">= 1000.3");
        double reported = 1.2 * 1024; // GiB, as freeCapacity is compared
        long reportedBytes = Math.round(reported * com.capreport.model.Capacity.GIB);

        String reason = unitless.test(reported).message();

        assertThat(reason).isEqualTo("freeCapacity reports 1.2 TiB, needs >= 2 TiB");
        // The very formatter of the pools table's Free column decides the unit.
        assertThat(reason).contains("reports " + com.capreport.model.Capacity.human(reportedBytes) + ",");
        assertThat(atMost.test((double) (1L << 40)).message()).isEqualTo("totalCapacityBytes reports 1 TiB, needs <= 100 GiB");
        // A threshold the table's three digits cannot say exactly is kept as written.
        assertThat(odd.test(900.0).message()).isEqualTo("freeCapacity reports 900 GiB, needs >= 1000.3 GiB");
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                arguments("MaxIOPS", ">= fast", 4, "'>=' needs a number, found 'fast'"),
                arguments("MaxIOPS", ">=", 3, "'>=' needs a value after it"),
                arguments("MaxIOPS", ">=   ", 6, "'>=' needs a value after it"),
                arguments("MaxIOPS", ">= 5 6", 6, "'>=' takes one number, found also '6'"),
                arguments("MaxIOPS", ">= 5 GiB", 6, "units only apply to freeCapacity"),
                arguments("freeCapacity", ">= 5 GB", 6, "units: B KiB MiB GiB TiB PiB EiB"),
                arguments("freeCapacity", ">= 5 GiB x", 10, "unexpected 'x' after the unit"),
                arguments("p", "<or> a b", 8, "expected '<or>' before 'b'"),
                arguments("p", "<or> iSCSI RBD", 12, "expected '<or>' before 'RBD' (write '<or> a <or> b'"),
                arguments("p", "<or> a <or>", 12, "expected a value after the last '<or>'"),
                arguments("p", "<or> <or> a", 6, "expected a value after '<or>', found '<or>'"),
                arguments("p", "<or>", 5, "'<or>' needs a value after it"),
                arguments("p", "<is> maybe", 6, "'<is>' needs True or False, found 'maybe'"),
                arguments("p", "<is> True False", 11, "'<is>' takes one value"),
                arguments("p", "<in> a b", 8, "for several values use '<all-in> a b'"),
                arguments("p", "s== two words", 9, "text values cannot contain spaces"),
                arguments("p", "<any> x", 1, "unknown operator '<any>'"),
                arguments("p", "=> 5", 1, "did you mean '>='"),
                arguments("p", "  > 5", 3, "did you mean '>='"),
                arguments("p", "<> 5", 1, "did you mean '!='"),
                arguments("p", "", 1, "empty expression"),
                arguments("p", "   ", 1, "empty expression"),
                arguments("p", "= 1,5", 3, "'=' needs a number, found '1,5'"));
    }

    @ParameterizedTest(name = "[{index}] {0}: \"{1}\"")
    @MethodSource("syntaxErrors")
    void syntaxErrorsNameThePathAndPosition(String path, String expression, int position, String problem) {
        assertThatThrownBy(() -> Requirement.parse(path, expression))
                .isInstanceOfSatisfying(RequirementSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.getMessage()).startsWith(path + ": ").contains(problem)
                            .endsWith("(at position " + position + ")").doesNotContain("\n");
                });
    }

    @Test
    void operatorsParseToTheirOperands() throws Exception {
        assertThat(Requirement.parse("p", "<or> iSCSI <or> RBD").operands()).containsExactly("iSCSI", "RBD");
        assertThat(Requirement.parse("p", "<all-in>  Snapshot   Clone ").operands()).containsExactly("Snapshot", "Clone");
        assertThat(Requirement.parse("p", "fast ssd").operator()).isEqualTo(Operator.VALUE);
        assertThat(Requirement.parse("p", "<is> yes").operator()).isEqualTo(Operator.IS);
        assertThat(Requirement.parse("p", "= 5").operator()).isEqualTo(Operator.AT_LEAST);
        assertThat(Requirement.parse("extras.A.B", "1").label()).isEqualTo("A.B");
    }

    @Test
    void everyOperatorHasATokenAndADescription() {
        for (Operator o : Operator.values()) {
            assertThat(o.describe()).isNotBlank();
            assertThat(o == Operator.VALUE || !o.token().isEmpty()).isTrue();
            assertThat(o == Operator.VALUE ? null : Operator.ofToken(o.token())).isEqualTo(o == Operator.VALUE ? null : o);
        }
        assertThat(List.of(Operator.values())).hasSize(16);
    }
}
