package com.capreport.model.match;

/**
 * Why a pool does not serve a profile, for one requirement (or for the pool's standing).
 * {@code path} is the requirement's capability path, or {@code status} / {@code dock} for standing.
 */
public record Reason(String path, Kind kind, String message) {
    public enum Kind {
        /** The pool does not report the path at all ("does not report MaxIOPS"). */
        NOT_REPORTED,
        /** The pool reports a value and the value fails the requirement. */
        FAILS,
        /** The reported value's type cannot be compared by the operator (a list to {@code >=}). */
        WRONG_TYPE,
        /** The pool is {@code error} or {@code unavailable}. */
        POOL_STATUS,
        /** Nobody reports the pool any more: its dock is dead or stopped, or its loop is dead. */
        STALE,
        /** The profile itself has an error, so it can match nothing. */
        PROFILE_INVALID
    }
}
