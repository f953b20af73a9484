package com.capreport.agent.discovery;

import com.capreport.model.PoolDelta;
import com.capreport.model.PoolSpec;

/**
 * Whether a pool's report changed enough to be written. Timestamps never count; a change of free
 * capacity smaller than {@code threshold} × total capacity does not count either (0 = every byte).
 * The rule itself is {@link PoolDelta}, shared with the dashboard's row highlight.
 */
final class PoolChanges {
    private PoolChanges() {
    }

    static boolean differs(PoolSpec known, PoolSpec fresh, double threshold) {
        return PoolDelta.significant(known, fresh, threshold);
    }
}
