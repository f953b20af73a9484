package com.capreport.agent.acks;

/**
 * What became of a write under {@code {prefix}/acks/}. A refusal (the user has no write access
 * there: a read-only admin) is an outcome the dashboard tells the admin about, not an outage.
 */
public sealed interface AckWrite permits AckWrite.Written, AckWrite.Refused, AckWrite.Unchanged {

    /** Written (or deleted) at {@code revision}. */
    record Written(String key, long revision) implements AckWrite {
    }

    /** etcd refused the write for this user (permission denied); {@code message} is one sentence. */
    record Refused(String key, String message) implements AckWrite {
    }

    /** Nothing done: the key was gone, or changed since it was read (another admin's ack won). */
    record Unchanged(String key) implements AckWrite {
    }
}
