package com.capreport.dashboard.events;

import com.capreport.model.AckTarget;
import com.capreport.model.EstateEvents;

/**
 * Something wrong now (not history): what the Events badge counts unless acknowledged.
 * {@code kind} decides, {@code text} says it (made here, at the edge, never parsed back).
 */
public record Problem(AckTarget target, Kind kind, EstateEvents.Severity severity, String text) {
    /** What is wrong. */
    public enum Kind {
        DOCK_DEAD("dock dead"), DOCK_LIVENESS_UNKNOWN("dock liveness unknown"), LOOP_DEAD("dead thread"), BACKEND_ERROR("backend error"),
        BACKING_OFF("backing off"), PROFILE_ZERO("no pool matches"), PROFILE_BELOW("below threshold"),
        PROFILE_INVALID("invalid profile");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }
}
