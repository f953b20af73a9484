package com.capreport.model.attention;

/** What kind of problem a {@link Problem} is; declared in the order the list shows them within a severity. */
public enum Kind {
    /**
     * The reader gets no answer from etcd: everything else it lists is as of etcd's last answer, and
     * nobody knows what changed since. Not found in an estate: the reader adds it from its connection.
     */
    ETCD_UNREACHABLE(Severity.ERROR),
    /** A dock's alive key expired without a stop. */
    DOCK_DEAD(Severity.ERROR),
    /**
     * A dock's alive key exists but is unreadable: not known dead, not known alive, its pools serve
     * nothing. A warning, not an error: nothing is known to have failed (a running agent re-claims the
     * key within a heartbeat), and a profile it leaves short says so as an error of its own. Declared
     * here so it leads the warnings.
     */
    DOCK_LIVENESS_UNKNOWN(Severity.WARNING),
    /**
     * A dock's alive key lives but its proof of life is missing or older than two periods: a lease
     * anyone authenticated may keep alive holds it. A warning (nothing is known to have failed), its
     * pools are not current.
     */
    DOCK_UNVERIFIED(Severity.WARNING),
    /** A report loop's key expired while its dock is alive (hung backend call or thread). */
    LOOP_DEAD(Severity.ERROR),
    /** A live pool in error: its backend fails, or says the pool does. */
    POOL_ERROR(Severity.ERROR),
    /** A profile that cannot be used: its requirements do not parse, or its key holds no readable profile. */
    PROFILE_INVALID(Severity.ERROR),
    /** A profile no pool serves. */
    PROFILE_UNMET(Severity.ERROR),
    /** A live pool the backend reports degraded. */
    POOL_DEGRADED(Severity.WARNING),
    /** A profile served by fewer pools than its threshold ({@code minMatches}). */
    PROFILE_BELOW(Severity.WARNING),
    /** A key under the prefix whose value does not parse (a profile key's is {@link #PROFILE_INVALID}). */
    INVALID_ENTRY(Severity.WARNING);

    private final Severity severity;

    Kind(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
