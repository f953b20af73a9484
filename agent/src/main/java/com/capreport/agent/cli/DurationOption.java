package com.capreport.agent.cli;

import com.capreport.model.Durations;
import java.time.Duration;

/** A duration option checked at the edge: one line naming the option and its bounds, exit 2. */
final class DurationOption {
    private DurationOption() {
    }

    static Duration parse(String text, String option, Duration min, Duration max) {
        try {
            return Durations.parseWithin(text, min, max);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, option + ": " + e.getMessage());
        }
    }
}
