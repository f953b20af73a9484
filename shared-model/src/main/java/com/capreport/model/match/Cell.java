package com.capreport.model.match;

/** One cell of the gap matrix (profile × pool). */
public enum Cell {
    /** The pool serves the profile. */
    MATCH,
    /** The pool fails at least one requirement, or is in error / unavailable. */
    FAILS,
    /** The pool's values are not live (dock dead or stopped, loop dead): it never matches. */
    STALE
}
