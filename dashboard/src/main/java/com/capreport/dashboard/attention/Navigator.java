package com.capreport.dashboard.attention;

import com.capreport.model.PoolStatus;
import com.capreport.model.attention.Target;

/** Where a click on a problem or a header count leads: implemented by the composition root. */
public interface Navigator {
    /** Shows the target's view with the target selected. */
    void open(Target target);

    /** Shows the Pools view filtered to pools of this status. */
    void pools(PoolStatus status);

    /** Shows the Invalid entries view. */
    void invalidEntries();
}
