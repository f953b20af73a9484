package com.capreport.dashboard.common;

import com.capreport.model.Estate;
import com.capreport.model.PoolStanding;
import java.util.Locale;

/**
 * How alarming a state is. Views turn a tone into a colour and an icon, always next to the state's
 * word, so nothing is told by colour alone.
 */
public enum Tone {
    OK, INFO, WARNING, ERROR, STALE, NEUTRAL;

    /** The CSS style class of this tone ({@code tone-ok}, {@code tone-error}, …). */
    public String styleClass() {
        return "tone-" + name().toLowerCase(Locale.ROOT);
    }

    /** A pool's standing as a tone. */
    public static Tone of(PoolStanding.Kind kind) {
        if (kind.stale()) {
            return STALE;
        }
        return switch (kind) {
            case AVAILABLE -> OK;
            case DEGRADED -> WARNING;
            case ERROR -> ERROR;
            default -> NEUTRAL;
        };
    }

    public static Tone of(Estate.Liveness liveness) {
        return switch (liveness) {
            case ALIVE -> OK;
            case STOPPED -> NEUTRAL;
            case DEAD -> ERROR;
            // Not known dead: amber, next to its words, not the red of a death.
            case UNKNOWN -> WARNING;
        };
    }

    public static Tone of(Estate.LoopHealth health) {
        return switch (health) {
            case RUNNING -> OK;
            case STARTING -> INFO;
            case BACKING_OFF -> WARNING;
            case ERROR, DEAD_THREAD -> ERROR;
            case DOCK_DOWN, DOCK_LIVENESS_UNKNOWN -> STALE;
            case SILENT -> WARNING;
            case STOPPED -> NEUTRAL;
        };
    }
}
