package com.capreport.agent.cli;

/** The exit codes of DESIGN.md. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int PROBLEM = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}
