package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("20s", Duration.ofSeconds(20)),
                Arguments.of("5m", Duration.ofMinutes(5)),
                Arguments.of("1h", Duration.ofHours(1)),
                Arguments.of("7d", Duration.ofDays(7)),
                Arguments.of("0s", Duration.ZERO),
                Arguments.of("60s", Duration.ofMinutes(1)),
                Arguments.of(" 20s ", Duration.ofSeconds(20)),
                Arguments.of("20 s", Duration.ofSeconds(20)),
                Arguments.of("PT20S", Duration.ofSeconds(20)),
                Arguments.of("PT0.5S", Duration.ofMillis(500)),
                Arguments.of("PT1H30M", Duration.ofMinutes(90)),
                Arguments.of("P1D", Duration.ofDays(1)));
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @MethodSource("accepted")
    void parsesTheFormsAdminsWrite(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"6o s", "", "   ", "-1s", "10", "1.5s", "20S", "20sec", "5 minutes", "s", "ms20", "PT", "P-"})
    void rejectsWhatIsNotADurationSayingWhatIsAllowed(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining(Durations.ALLOWED)
                .hasMessageContaining("500ms, 20s, 5m, 1h");
    }

    @Test
    void rejectsAMissingDurationSayingWhatIsAllowed() {
        assertThatThrownBy(() -> Durations.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing")
                .hasMessageContaining(Durations.ALLOWED);
    }

    @Test
    void rejectsANumberTooLargeForALong() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }

    /** Fails today: Duration.ofDays overflows with an ArithmeticException instead of "too large". */
    @Test
    void rejectsADayCountTooLargeForADurationAsTooLarge() {
        assertThatThrownBy(() -> Durations.parse("9999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }

    /** Fails today: "-1s" is rejected, but the ISO form lets the same negative duration in. */
    @Test
    void rejectsANegativeIsoDuration() {
        assertThatThrownBy(() -> Durations.parse("PT-20S"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Durations.ALLOWED);
    }

    static Stream<Arguments> formatted() {
        return Stream.of(
                Arguments.of(Duration.ofMillis(500), "500ms"),
                Arguments.of(Duration.ofMillis(1500), "1500ms"),
                Arguments.of(Duration.ofSeconds(20), "20s"),
                Arguments.of(Duration.ofSeconds(60), "1m"),
                Arguments.of(Duration.ofSeconds(90), "90s"),
                Arguments.of(Duration.ofMinutes(5), "5m"),
                Arguments.of(Duration.ofMinutes(90), "90m"),
                Arguments.of(Duration.ofHours(1), "1h"),
                Arguments.of(Duration.ofHours(36), "36h"),
                Arguments.of(Duration.ofDays(7), "7d"),
                Arguments.of(Duration.ZERO, "0s"));
    }

    @ParameterizedTest(name = "{0} is written \"{1}\"")
    @MethodSource("formatted")
    void formatsInTheShortestExactForm(Duration duration, String text) {
        assertThat(Durations.format(duration)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} survives format then parse")
    @MethodSource("formatted")
    void formatThenParseGivesTheSameDuration(Duration duration, String text) {
        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }

    @ParameterizedTest(name = "\"{0}\" survives parse then format")
    @ValueSource(strings = {"500ms", "20s", "5m", "1h", "7d", "1500ms", "90s"})
    void parseThenFormatGivesTheCanonicalTextBack(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
}
