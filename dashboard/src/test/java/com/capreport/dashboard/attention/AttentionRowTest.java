package com.capreport.dashboard.attention;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.attention.Kind;
import com.capreport.model.attention.Problem;
import com.capreport.model.attention.Target;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Since column says each time once: a sighting and a model start in the same second are one time. */
class AttentionRowTest {
    private static final Instant T = Instant.parse("2026-12-05T07:39:08.200Z");
    private static final Instant NOW = T.plusSeconds(28);

    @Test
    void aSightingAndAModelStartInTheSameSecondAreSaidOnce() {
        Problem p = new Problem(Kind.LOOP_DEAD, new Target.Loop("node-1", "lvm-1"), "loop", "why", T.plusMillis(500),
                "since");
        String text = new AttentionRow(p, T).sinceText(NOW);
        assertThat(text).startsWith("since ").doesNotContain(" · ");
        assertThat(text.split("since ", -1)).hasSize(2);
    }

    @Test
    void differentTimesOrAnotherMeaningAreBothShown() {
        Problem later = new Problem(Kind.LOOP_DEAD, new Target.Loop("node-1", "lvm-1"), "loop", "why",
                T.minusSeconds(60), "since");
        assertThat(new AttentionRow(later, T).sinceText(NOW)).contains(" · since ");
        Problem report = new Problem(Kind.DOCK_DEAD, new Target.Dock("node-1"), "dock", "why", T, "last report");
        assertThat(new AttentionRow(report, T).sinceText(NOW)).contains(" · last report ");
    }

    @Test
    void aProblemThereAtStartGivesItsLowerBoundOnlyOnceItSaysSomething() {
        Problem p = new Problem(Kind.PROFILE_UNMET, new Target.Profile("gold"), "gold", "why", null, "");
        // Right after start "(≥ 1 s)" would read as "it just happened": no bound yet.
        assertThat(new AttentionRow(p, null, T).sinceText(T.plusSeconds(1)))
                .isEqualTo("since dashboard start " + com.capreport.dashboard.common.Formats.absolute(T).substring(11, 19) + " or earlier");
        assertThat(new AttentionRow(p, null, T).sinceText(T.plusSeconds(300))).endsWith(" or earlier (≥ 5 min 0 s)");
    }

    @Test
    void inASnapshotAProblemThereWhenItWasTakenSaysSoAndNothingAboutTheDashboard() {
        com.capreport.dashboard.common.Formats.ageBasis(com.capreport.dashboard.common.Formats.AgeBasis.SNAPSHOT);
        try {
            Problem p = new Problem(Kind.PROFILE_UNMET, new Target.Profile("gold"), "gold", "why", null, "");
            assertThat(new AttentionRow(p, null, T).sinceText(T)).isEqualTo("already so when the snapshot was taken")
                    .doesNotContain("dashboard");
        } finally {
            com.capreport.dashboard.common.Formats.ageBasis(com.capreport.dashboard.common.Formats.AgeBasis.NOW);
        }
    }
}
