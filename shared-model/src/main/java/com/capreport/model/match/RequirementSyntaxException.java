package com.capreport.model.match;

/**
 * A requirement expression that does not parse. The message is one line naming the capability
 * path, the 1-based character position in the expression, and what was expected there.
 */
public final class RequirementSyntaxException extends Exception {
    private final String path;
    private final int position;

    public RequirementSyntaxException(String path, int position, String problem) {
        super(path + ": " + problem + " (at position " + position + ")");
        this.path = path;
        this.position = position;
    }

    public String path() {
        return path;
    }

    /** 1-based character position in the expression. */
    public int position() {
        return position;
    }
}
