package com.capreport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityTest {
    @ParameterizedTest(name = "{0} bytes is {1} GiB")
    @CsvSource({
        "0, 0",
        "1, 0",
        "1073741823, 0",
        "1073741824, 1",
        "1610612736, 1",
        "2147483647, 1",
        "2147483648, 2",
        "750550106112, 699",
        "1073741824000, 1000",
        "1374512991509, 1280",
        "9223372036854775807, 8589934591"
    })
    void toGiBRoundsDown(long bytes, long gib) {
        assertThat(Capacity.toGiB(bytes)).isEqualTo(gib);
    }

    @Test
    void oneByteShortOfAGiBIsZeroGiB() {
        assertThat(Capacity.toGiB(Capacity.GIB - 1)).isZero();
        assertThat(Capacity.toGiB(Capacity.fromGiB(700) - 1)).isEqualTo(699);
    }

    @Test
    void fromGiBIsExactAndInvertsToGiB() {
        assertThat(Capacity.fromGiB(1000)).isEqualTo(1_073_741_824_000L);
        assertThat(Capacity.toGiB(Capacity.fromGiB(2048))).isEqualTo(2048);
    }

    @Test
    void fromGiBRefusesToOverflow() {
        assertThatThrownBy(() -> Capacity.fromGiB(Long.MAX_VALUE / Capacity.GIB + 1))
                .isInstanceOf(ArithmeticException.class);
    }

    @org.junit.jupiter.api.Test
    void humanSizesHaveThreeSignificantDigitsAtMost() {
        org.assertj.core.api.Assertions.assertThat(java.util.List.of(Capacity.human(512), Capacity.human(1L << 30),
                Capacity.human(1_288_490_189L), Capacity.human(300L << 30), Capacity.human(-(20L << 30)),
                Capacity.human((long) (1.17 * (1L << 40)))))
                .containsExactly("512 B", "1 GiB", "1.2 GiB", "300 GiB", "-20 GiB", "1.17 TiB");
    }
}
