package com.capreport.model.attention;

import java.util.Locale;

/** How bad a problem is; declared worst first, so the natural order sorts worst first. */
public enum Severity {
    /** Something is down or nothing can be served: act now. */
    ERROR,
    /** Reduced, at risk or suspicious: look soon. */
    WARNING;

    public String words() {
        return name().toLowerCase(Locale.ROOT);
    }
}
