package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Bad documents give a {@link ModelParseException} whose message is one line, starts with the
 * {@code what} argument and says what was wrong; unknown fields are not an error.
 */
class JsonDecodeErrorTest {
    private static final String POOL_KEY =
            "pool key /capreport/v1/docks/node-a1/pools/1fdb2e74-4b36-517c-9ac3-35f735e97022";
    private static final String LVM = "pool-lvm-thin.json";

    private static String failureMessage(byte[] bytes, Class<?> type, String what) {
        ModelParseException e = catchThrowableOfType(ModelParseException.class,
                () -> Json.decode(bytes, type, what));
        assertThat(e).as("decoding must fail with a ModelParseException").isNotNull();
        String message = e.getMessage();
        assertThat(message).as("one line").doesNotContain("\n").doesNotContain("\r");
        assertThat(message).as("names the document").startsWith(what + ": ");
        return message;
    }

    private static String poolFailure(ObjectNode tree) {
        return failureMessage(Fixtures.toBytes(tree), PoolSpec.class, POOL_KEY);
    }

    @Test
    void emptyBytesAreReportedAsAnEmptyValue() {
        String message = failureMessage(new byte[0], PoolSpec.class, POOL_KEY);

        assertThat(message).contains("empty").contains("PoolSpec");
    }

    @Test
    void nullBytesAreReportedAsAnEmptyValue() {
        String message = failureMessage(null, DockSpec.class, "dock key /capreport/v1/docks/node-a1/spec");

        assertThat(message).contains("empty");
    }

    @Test
    void whitespaceOnlyValueIsRejected() {
        failureMessage(" \n\t ".getBytes(StandardCharsets.UTF_8), PoolSpec.class, POOL_KEY);
    }

    @Test
    void textThatIsNotJsonIsRejected() {
        String message = failureMessage("pool01 available 1000 699".getBytes(StandardCharsets.UTF_8),
                PoolSpec.class, POOL_KEY);

        assertThat(message).containsIgnoringCase("unrecognized token").contains("pool01");
    }

    @Test
    void truncatedPrettyJsonIsRejectedOnOneLine() {
        byte[] whole = Fixtures.bytes(LVM);
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

        String message = failureMessage(truncated, PoolSpec.class, POOL_KEY);

        assertThat(message).containsIgnoringCase("end-of-input");
    }

    @Test
    void jsonNullDocumentIsRejected() {
        String message = failureMessage("null".getBytes(StandardCharsets.UTF_8), PoolSpec.class, POOL_KEY);

        assertThat(message).contains("null").contains("PoolSpec");
    }

    @Test
    void jsonArrayInsteadOfAnObjectIsRejected() {
        byte[] array = ("[" + new String(Fixtures.bytes(LVM), StandardCharsets.UTF_8) + "]")
                .getBytes(StandardCharsets.UTF_8);

        String message = failureMessage(array, PoolSpec.class, POOL_KEY);

        assertThat(message).containsIgnoringCase("array");
    }

    @Test
    void poolWithoutIdIsRejectedNamingTheMissingField() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.remove("id");

        assertThat(poolFailure(tree)).contains("'id'").contains("missing");
    }

    @Test
    void poolWithBlankIdIsRejectedNamingTheField() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.put("id", "  ");

        assertThat(poolFailure(tree)).contains("'id'").contains("empty");
    }

    @Test
    void poolWithoutStatusIsRejectedNamingTheField() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.remove("status");

        assertThat(poolFailure(tree)).contains("'status'").contains("missing");
    }

    @Test
    void dockSpecWithoutIdIsRejectedNamingTheMissingField() {
        ObjectNode tree = Fixtures.mutableTree("dock-spec.json");
        tree.remove("id");

        String message = failureMessage(Fixtures.toBytes(tree), DockSpec.class,
                "dock key /capreport/v1/docks/node-a1/spec");

        assertThat(message).contains("'id'").contains("missing");
    }

    @Test
    void profileWithoutIdIsRejectedNamingTheMissingField() {
        ObjectNode tree = Fixtures.mutableTree("profile-gold.json");
        tree.remove("id");

        String message = failureMessage(Fixtures.toBytes(tree), ProfileSpec.class,
                "profile key /capreport/v1/profiles/gold-thin-iscsi");

        assertThat(message).contains("'id'").contains("missing");
    }

    @Test
    void unknownStatusValueIsRejectedListingTheAllowedValues() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.put("status", "offline");

        assertThat(poolFailure(tree)).contains("'offline'").contains("available, degraded, error, unavailable");
    }

    @Test
    void upperCaseStatusIsRejectedListingTheAllowedValues() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.put("status", "AVAILABLE");

        assertThat(poolFailure(tree)).contains("'AVAILABLE'").contains("available, degraded, error, unavailable");
    }

    @Test
    void negativeFreeCapacityBytesIsRejected() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.put("freeCapacityBytes", -1L);

        assertThat(poolFailure(tree)).contains("negative");
    }

    @Test
    void negativeTotalCapacityBytesIsRejected() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.put("totalCapacityBytes", -2_199_023_255_552L);

        assertThat(poolFailure(tree)).contains("negative");
    }

    /** Fails today: PoolSpec only checks the byte fields, so "freeCapacity": -1 (GiB) is accepted. */
    @Test
    void negativeGiBCapacityIsRejected() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.put("freeCapacity", -1L);

        assertThat(poolFailure(tree)).contains("negative");
    }

    @Test
    void textForTotalCapacityBytesIsRejectedNamingTheFieldAndTheExpectedType() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.put("totalCapacityBytes", "two terabytes");

        assertThat(poolFailure(tree)).contains("totalCapacityBytes").contains("expected a whole number")
                .contains("two terabytes");
    }

    @Test
    void objectForTotalCapacityBytesIsRejectedNamingTheField() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.putObject("totalCapacityBytes").put("value", 2_199_023_255_552L).put("unit", "B");

        assertThat(poolFailure(tree)).contains("totalCapacityBytes");
    }

    @Test
    void nullForTotalCapacityBytesIsRejectedNamingTheField() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.putNull("totalCapacityBytes");

        assertThat(poolFailure(tree)).contains("totalCapacityBytes");
    }

    @Test
    void missingCapacityFieldIsRejectedNamingTheField() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.remove("freeCapacityBytes");

        assertThat(poolFailure(tree)).contains("freeCapacityBytes");
    }

    @Test
    void listForExtrasIsRejectedNamingTheField() {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.putArray("extras").add("Thin");

        assertThat(poolFailure(tree)).contains("extras");
    }

    @Test
    void malformedIntervalIsRejectedListingWhatIsAllowed() {
        ObjectNode tree = Fixtures.mutableTree("loop-status-running.json");
        tree.put("interval", "6o s");

        String message = failureMessage(Fixtures.toBytes(tree), LoopStatus.class,
                "loop key /capreport/v1/docks/node-a1/loops/lvm-1");

        assertThat(message).contains("'6o s'").contains(Durations.ALLOWED).contains("interval");
    }

    @Test
    void unknownLoopStateIsRejectedListingTheStates() {
        ObjectNode tree = Fixtures.mutableTree("loop-status-running.json");
        tree.put("state", "SLEEPING");

        String message = failureMessage(Fixtures.toBytes(tree), LoopStatus.class,
                "loop key /capreport/v1/docks/node-a1/loops/lvm-1");

        assertThat(message).contains("SLEEPING").contains("STARTING").contains("BACKING_OFF").contains("state");
    }

    @Test
    void loopStatusWithoutStateIsRejectedNamingTheField() {
        ObjectNode tree = Fixtures.mutableTree("loop-status-running.json");
        tree.remove("state");

        String message = failureMessage(Fixtures.toBytes(tree), LoopStatus.class,
                "loop key /capreport/v1/docks/node-a1/loops/lvm-1");

        assertThat(message).contains("'state'").contains("missing");
    }

    @Test
    void badPoolInsideASnapshotIsReportedWithItsPosition() {
        ObjectNode tree = Fixtures.mutableTree("snapshot.json");
        ((ObjectNode) tree.withArray("pools").get(1)).put("status", "broken");

        String message = failureMessage(Fixtures.toBytes(tree), Snapshot.class, "snapshot file export.json");

        assertThat(message).contains("'broken'").contains("pools[1]");
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() throws ModelParseException {
        ObjectNode tree = Fixtures.mutableTree(LVM);
        tree.put("encryptionAtRest", true);
        tree.putObject("telemetry").put("latencyMs", 0.42).putArray("samples").add(1).add(2);

        PoolSpec pool = Json.decode(Fixtures.toBytes(tree), PoolSpec.class, POOL_KEY);

        assertThat(pool).isEqualTo(Fixtures.decode(LVM, PoolSpec.class));
    }

    /** What an admin reads for a garbage profile: JSON words, never a Java type ("LinkedHashMap", "ProfileSpec"). */
    @Test
    void wrongShapesAreNamedInJsonWordsNotJavaTypes() {
        String key = "profile key /capreport/v1/profiles/gold";
        String[][] cases = {
            {"[1,2]", "expected a JSON object, found a list (JSON array)"},
            {"\"hello\"", "expected a JSON object, found a string ('hello')"},
            {"42", "expected a JSON object, found a number (42)"},
            {"{\"id\":\"gold\",\"requirements\":[1,2]}",
                "expected a mapping (JSON object), found a list (JSON array) (at field 'requirements')"},
            {"{\"id\":\"gold\",\"requirements\":\"fast\"}",
                "expected a mapping (JSON object), found a string ('fast') (at field 'requirements')"},
            {"{\"id\":[1],\"requirements\":{}}", "expected a string, found a list (JSON array) (at field 'id')"},
        };
        for (String[] c : cases) {
            String message = failureMessage(c[0].getBytes(StandardCharsets.UTF_8), ProfileSpec.class, key);
            assertThat(message).as(c[0]).contains(c[1]).doesNotContain("LinkedHashMap").doesNotContain("java.")
                    .doesNotContain("ProfileSpec").doesNotContain("JsonToken");
        }
        String pool = failureMessage("{\"freeCapacityBytes\":\"lots\"}".getBytes(StandardCharsets.UTF_8),
                PoolSpec.class, POOL_KEY);
        assertThat(pool).contains("expected a whole number, found a string \"lots\" (at field 'freeCapacityBytes')");
    }
}
