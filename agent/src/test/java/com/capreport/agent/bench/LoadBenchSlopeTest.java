package com.capreport.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The db-growth figure's slope: a saw tooth that levels off reads as flat, a steady climb as its rate. */
class LoadBenchSlopeTest {

    @Test
    void aSteadyClimbIsItsRateAndASawToothAroundALevelIsFlat() {
        List<double[]> climb = new ArrayList<>();
        List<double[]> saw = new ArrayList<>();
        for (int i = 0; i <= 36; i++) {
            double t = 5.0 * i;
            climb.add(new double[] {t, 1000 + 40 * t});
            // grows 60 s, drops back at each compaction: the ends alone would read as growth or shrink
            saw.add(new double[] {t, 5000 + 30 * ((t % 60) - 30)});
        }
        assertThat(LoadBench.slope(climb, 1)).isCloseTo(40, within(1e-9));
        assertThat(Math.abs(LoadBench.slope(saw, 1))).isLessThan(3.0);
        assertThat(LoadBench.slope(List.<double[]>of(new double[] {0, 1}), 1)).isNaN();
    }
}
