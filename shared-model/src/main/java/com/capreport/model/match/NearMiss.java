package com.capreport.model.match;

import com.capreport.model.PoolNames;
import com.capreport.model.PoolSpec;
import java.util.List;

/**
 * A usable pool among the closest to a profile no pool serves (fewest failing requirements), with
 * what it lacks, one short entry per failing requirement in the profile's order:
 * {@code node-1/vg-gold lacks: MaxIOPS (does not report), RecoverableCapacitySourceCount 1 needs >= 2}.
 */
public record NearMiss(PoolSpec pool, List<String> lacks) {
    public NearMiss {
        lacks = List.copyOf(lacks);
    }

    public String message() {
        return PoolNames.of(pool) + " lacks: " + String.join(", ", lacks);
    }
}
