package com.capreport.dashboard.common;

import java.text.CollationKey;
import java.text.Collator;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * The order of a text column: the same as JavaFX's default column comparator for strings (nulls
 * first, then the default locale's {@link Collator}), but fast enough to sort ten thousand rows.
 * The default one clones a collator and walks both strings' collation elements on every
 * comparison; this one compares each value's collation key, computed once and kept.
 *
 * <p>One instance per column, used on the FX thread only (tables sort there).
 */
public final class TextOrder implements Comparator<String> {
    /** Past this many distinct values the keys are dropped and recomputed as needed. */
    private static final int MAX_KEYS = 200_000;

    private final Collator collator = Collator.getInstance();
    private final Map<String, CollationKey> keys = new HashMap<>();

    @Override
    public int compare(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a.equals(b)) {
            return 0;
        }
        return key(a).compareTo(key(b));
    }

    private CollationKey key(String s) {
        CollationKey k = keys.get(s);
        if (k == null) {
            if (keys.size() >= MAX_KEYS) {
                keys.clear();
            }
            k = collator.getCollationKey(s);
            keys.put(s, k);
        }
        return k;
    }
}
