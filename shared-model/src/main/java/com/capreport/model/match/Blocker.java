package com.capreport.model.match;

/** The requirement that keeps the most live pools out of a profile. */
public record Blocker(String path, String expression, int pools) {
    /** The requirement as reasons name it: "IOConnectivityLineOfService.MaxIOPS >= 5000" (no {@code extras.}). */
    public String requirement() {
        return (path.startsWith("extras.") ? path.substring("extras.".length()) : path) + " " + expression.strip();
    }
}
