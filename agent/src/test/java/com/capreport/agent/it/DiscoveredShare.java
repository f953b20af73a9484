package com.capreport.agent.it;

import com.capreport.model.PoolSpec;
import java.util.Collection;

/** The figure issue #3 asks for: the share of published line-of-service fields marked discovered. */
final class DiscoveredShare {
    private DiscoveredShare() {
    }

    static String of(Collection<PoolSpec> pools) {
        long all = 0;
        long discovered = 0;
        for (PoolSpec p : pools) {
            for (var e : p.capabilitySources().entrySet()) {
                if (e.getKey().contains("LineOfService.")) {
                    all++;
                    if (e.getValue().equals(PoolSpec.SOURCE_DISCOVERED)) {
                        discovered++;
                    }
                }
            }
        }
        return discovered + "/" + all + " (" + (all == 0 ? 0 : Math.round(100.0 * discovered / all)) + " %)";
    }
}
