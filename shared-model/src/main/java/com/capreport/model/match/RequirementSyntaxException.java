package com.capreport.model.match;

/**
 * A requirement expression that does not parse. The message is one line naming the capability
 * path, the 1-based character position in the expression, and what was expected there.
 */
public final class RequirementSyntaxException extends Exception {
    private final String path;
    private final int position;
    private final String problem;

    public RequirementSyntaxException(String path, int position, String problem) {
        super(path + ": " + problem + " (at position " + position + ")");
        this.path = path;
        this.position = position;
        this.problem = problem;
    }

    /** The problem and position without the path: "'>=' needs a number, found 'fast' (at position 4)". */
    public String problem() {
        return problem + " (at position " + position + ")";
    }

    public String path() {
        return path;
    }

    /** 1-based character position in the expression. */
    public int position() {
        return position;
    }
}
