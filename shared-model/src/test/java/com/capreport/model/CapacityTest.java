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

    @Test
    void signedDeltasUseATrueMinusAndSayPlusForGrowth() {
        assertThat(Capacity.signed(-(20L << 30))).isEqualTo("\u221220 GiB");
        assertThat(Capacity.signed(20L << 30)).isEqualTo("+20 GiB");
        assertThat(Capacity.signed(0)).isEqualTo("0 B");
        assertThat(Capacity.signedPercent(-20.0)).isEqualTo("\u221220 %");
        assertThat(Capacity.signedPercent(-33.3)).isEqualTo("\u221233.3 %");
        assertThat(Capacity.signedPercent(25.0)).isEqualTo("+25 %");
        assertThat(Capacity.signedPercent(0.0)).isEqualTo("0 %");
    }

    @Test
    void humanBesideTellsApartWhatWouldReadTheSame() {
        assertThat(Capacity.humanBeside(2047L << 30, 2048L << 30)).isEqualTo("1.999 TiB");
        assertThat(Capacity.humanBeside(1229L << 30, 2048L << 30)).isEqualTo("1.2 TiB");
        assertThat(Capacity.humanBeside(2048L << 30, 2048L << 30)).isEqualTo("2 TiB");
    }

    /** The demo's "/" as statfs gave it: 4 KiB blocks, total 66053021, bfree 60290789, bavail 20835496. */
    @Test
    void reservedBlocksAreNeitherUsedNorFreeAndTheUsedPercentIsDfs() {
        long block = 4096;
        long total = 66_053_021L * block;
        long bfree = 60_290_789L * block;
        long bavail = 20_835_496L * block;
        PoolSpec root = new PoolSpec("id", null, null, "/", "file", "", PoolStatus.AVAILABLE, "", Capacity.toGiB(total),
                Capacity.toGiB(bavail), "demo-node", "local-fs", "filesystem", "/", total, bavail,
                java.util.Map.of("advanced", java.util.Map.of(Capacity.RESERVED_KEY, bfree - bavail)), java.util.Map.of());

        assertThat(root.reservedBytes()).isEqualTo(bfree - bavail);
        assertThat(root.usedBytes()).isEqualTo(total - bfree);
        // df: Use% = used / (used + avail) = 5762232 / 26597728 blocks, 21.66 % (df rounds up to 22 %).
        assertThat(root.usedFraction()).isCloseTo(5_762_232.0 / 26_597_728.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Math.round(root.usedFraction() * 100)).isEqualTo(22);
        // Not the 69 % of "everything not free to writers is used".
        assertThat(1.0 - (double) bavail / total).isGreaterThan(0.68);
    }

    @Test
    void aPoolWithoutReservedBytesIsUsedOfTotalAsBefore() {
        PoolSpec p = new PoolSpec("id", null, null, "vg0", "block", "", PoolStatus.AVAILABLE, "", 100, 25, "n", "b",
                "lvm", "vg0", 100L << 30, 25L << 30, java.util.Map.of(), java.util.Map.of());

        assertThat(p.reservedBytes()).isZero();
        assertThat(p.usedBytes()).isEqualTo(75L << 30);
        assertThat(p.usedFraction()).isEqualTo(0.75);
    }
}
