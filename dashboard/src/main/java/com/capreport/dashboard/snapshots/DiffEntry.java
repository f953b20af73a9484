package com.capreport.dashboard.snapshots;

import com.capreport.dashboard.common.Tone;
import java.util.List;

/**
 * One line of a comparison: a pool added, removed or changed, a dock's change, or a profile whose
 * matches changed. {@code change} is the word shown with the tone's colour and icon; {@code
 * details} are the lines shown when the entry is selected (every changed capability, old → new).
 */
public record DiffEntry(Kind kind, Tone tone, String change, String item, String summary, List<String> details) {
    public enum Kind { POOL_ADDED, POOL_REMOVED, POOL_CHANGED, DOCK, PROFILE }

    public DiffEntry {
        details = List.copyOf(details);
    }
}
