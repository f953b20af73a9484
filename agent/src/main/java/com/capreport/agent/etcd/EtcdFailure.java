package com.capreport.agent.etcd;

/**
 * Why an etcd call failed, decided once where the project talks to jetcd ({@link EtcdClients#await})
 * from the gRPC status and etcd's own error constants. Callers branch on this, never on message
 * text: rewording a sentence must not change behaviour.
 */
public enum EtcdFailure {
    /** No connection: refused, reset, DNS, a member down. */
    UNREACHABLE,
    /** etcd did not answer within the caller's deadline (hung, overloaded, partitioned). */
    TIMEOUT,
    /** The credentials were refused (user or password). */
    AUTH,
    /** The user may not do this (RBAC key range). */
    PERMISSION,
    /** The TLS handshake failed (CA, certificate, key). */
    TLS,
    /** The lease named in the request does not exist (any more). */
    LEASE_NOT_FOUND,
    /** The revision asked for was compacted away. */
    COMPACTED,
    /** etcd raised its NOSPACE alarm: the backend database reached its quota, writes are refused. */
    NO_SPACE,
    /** etcd raised its CORRUPT alarm: a member's data diverged, writes are refused. */
    CORRUPT,
    /** A request or an answer was larger than etcd or gRPC accept. */
    TOO_LARGE,
    /** A transaction's guard failed, or anything else etcd refused. */
    OTHER;

    /** A credentials or permission problem: not an outage, retrying will not help. */
    public boolean refusal() {
        return this == AUTH || this == PERMISSION || this == TLS;
    }

    /** etcd cannot be reached or did not answer: what an outage looks like to a client. */
    public boolean outage() {
        return this == UNREACHABLE || this == TIMEOUT;
    }

    /** An alarm that makes etcd refuse every write until an operator clears it. */
    public boolean alarm() {
        return this == NO_SPACE || this == CORRUPT;
    }
}
