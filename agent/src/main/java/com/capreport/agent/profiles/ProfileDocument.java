package com.capreport.agent.profiles;

import com.capreport.model.ProfileSpec;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One profile read from a file, with where it stands in the file (so later errors, such as a
 * requirement the matcher cannot parse, can name the line) and the etcd revision the admin read
 * it at, when the document carries one ({@code revision:} as printed by {@code profiles show}).
 *
 * @param revision the {@code revision:} field, 0 when the document has none
 * @param index 1-based position among the file's profiles
 * @param line the line where the profile starts
 * @param requirementLines requirement path → the line of its expression
 */
public record ProfileDocument(String file, ProfileSpec profile, long revision, int index, int line,
                              Map<String, Integer> requirementLines) {
    public ProfileDocument {
        requirementLines = Map.copyOf(requirementLines);
    }

    public OptionalLong expectedRevision() {
        return revision > 0 ? OptionalLong.of(revision) : OptionalLong.empty();
    }

    /** "profiles.yaml: profile #2 'gold' (line 7)": the prefix of every message about this profile. */
    public String where() {
        return file + ": profile #" + index + " '" + profile.id() + "' (line " + line + ")";
    }

    /** The same, pointing at a requirement's line when {@code path} names one (findings of the validator). */
    public String where(String path) {
        return file + ": profile #" + index + " '" + profile.id() + "' (line " + lineOf(path) + ")";
    }

    /** Where a requirement's expression is: "line 9" or, when unknown, the profile's line. */
    public int lineOf(String requirementPath) {
        return requirementLines.getOrDefault(requirementPath, line);
    }
}
