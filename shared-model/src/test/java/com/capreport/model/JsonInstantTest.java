package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonInstantTest {
    /** What the time module alone reads: the fast path must agree with it on every input. */
    private static final ObjectMapper MODULE_ONLY = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    record At(Instant at) {
    }

    @Test
    void readsInstantsAsTheTimeModuleDoes() throws Exception {
        for (String text : List.of("2026-03-01T12:19:45Z", "2026-03-01T12:19:45.1Z", "2026-03-01T12:19:45.123Z",
                "2026-03-01T12:19:45.123456Z", "2026-03-01T12:19:45.123456789Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999999999Z", "2024-02-29T23:59:59Z", "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.5Z", "2026-03-01T12:19:45+02:00", "2026-03-01T12:19:45.5+00:00")) {
            String doc = "{\"at\":\"" + text + "\"}";
            assertThat(Json.decode(doc, At.class, "test").at()).as(text)
                    .isEqualTo(MODULE_ONLY.readValue(doc, At.class).at());
        }
        assertThat(Json.decode("{\"at\":1700000000.5}", At.class, "test").at())
                .isEqualTo(MODULE_ONLY.readValue("{\"at\":1700000000.5}", At.class).at());
        assertThat(Json.decode("{\"at\":null}", At.class, "test").at()).isNull();
        assertThat(Json.decode(Json.encode(new At(Instant.parse("2026-11-25T18:37:41.987654321Z"))), At.class, "t").at())
                .isEqualTo(Instant.parse("2026-11-25T18:37:41.987654321Z"));
    }

    @Test
    void leavesWhatItDoesNotKnowToTheTimeModule() {
        assertThat(Json.InstantReader.parseUtc("2026-02-30T00:00:00Z")).isNull();
        assertThat(Json.InstantReader.parseUtc("2026-13-01T00:00:00Z")).isNull();
        assertThat(Json.InstantReader.parseUtc("2026-03-01T24:00:00Z")).isNull();
        assertThat(Json.InstantReader.parseUtc("2026-03-01T12:19:45.Z")).isNull();
        assertThat(Json.InstantReader.parseUtc("2026-03-01T12:19:45.1234567890Z")).isNull();
        assertThat(Json.InstantReader.parseUtc("2026-03-01 12:19:45Z")).isNull();
        assertThatThrownBy(() -> Json.decode("{\"at\":\"2026-02-30T00:00:00Z\"}", At.class, "pool key k"))
                .isInstanceOf(ModelParseException.class).hasMessageStartingWith("pool key k: ");
        assertThatThrownBy(() -> Json.decode("{\"at\":\"yesterday\"}", At.class, "pool key k"))
                .isInstanceOf(ModelParseException.class).hasMessageContaining("at field 'at'");
    }
}
