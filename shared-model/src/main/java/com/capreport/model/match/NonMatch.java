package com.capreport.model.match;

import com.capreport.model.PoolSpec;
import java.util.List;

/** A pool that does not serve a profile, with one reason per failing requirement. */
public record NonMatch(PoolSpec pool, Cell cell, List<Reason> reasons) {
    public NonMatch {
        reasons = List.copyOf(reasons);
    }
}
