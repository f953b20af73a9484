package com.capreport.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A profile key ({@code {prefix}/profiles/{id}}) whose value is not a profile: not JSON, not a
 * profile document, or one whose {@code id} is not its key's. An admin wrote a profile there, so
 * readers count and show it as a profile that cannot be used (the same standing as one whose
 * requirements do not parse), not only as an anonymous invalid entry.
 *
 * @param id    the id the key names (the document's own id, if any, is not trusted)
 * @param key   the full etcd key
 * @param error why it is not a profile, as {@link Estate.InvalidEntry#error()} says
 */
public record UnreadableProfile(String id, String key, String error) {
    /** The invalid entries of {@code estate} that are profile keys under {@code layout}, in key order. */
    public static List<UnreadableProfile> of(Estate estate, KeyLayout layout) {
        List<UnreadableProfile> out = new ArrayList<>();
        for (Estate.InvalidEntry e : estate.invalid()) {
            if (layout.parse(e.key()) instanceof EtcdKey.Profile p) {
                out.add(new UnreadableProfile(p.profileId(), e.key(), e.error()));
            }
        }
        out.sort(java.util.Comparator.comparing(UnreadableProfile::key));
        return List.copyOf(out);
    }

    /** Whether {@code entry} is one of these (so it is not reported a second time as an invalid entry). */
    public static boolean isProfileKey(Estate.InvalidEntry entry, KeyLayout layout) {
        return layout.parse(entry.key()) instanceof EtcdKey.Profile;
    }
}
