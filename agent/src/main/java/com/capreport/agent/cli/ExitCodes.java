package com.capreport.agent.cli;

/**
 * The exit codes of every {@code capreport} command, documented in the README ("Exit codes"). An
 * answer (0, 1) is only ever given when the command completed and its output was written: a
 * failed write and an internal error have codes of their own, so a crash never reads as "different".
 */
public final class ExitCodes {
    /** Done; for a check or a diff: nothing to report. */
    public static final int OK = 0;
    /** The answer is "a problem": a diff found differences, a profile has no pool, a write was refused. */
    public static final int PROBLEM = 1;
    /** Bad options, config or input file, or an output target that cannot be written; nothing was done. */
    public static final int USAGE = 2;
    /** etcd (or the agent) cannot be reached, or refused the credentials. */
    public static final int UNREACHABLE = 3;
    /** The output could not be written (disk full, closed pipe, a device refusing writes): it is lost or incomplete. */
    public static final int OUTPUT = 4;
    /** An internal error (a bug, or out of memory): no answer was computed. 70 is sysexits' EX_SOFTWARE. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
