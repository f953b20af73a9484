package com.capreport.agent.etcd;

/**
 * An etcd call failed; {@link #failure()} says why (typed, decided where jetcd answered), the
 * message says it in one line naming the operation.
 */
public final class EtcdUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final EtcdFailure failure;

    public EtcdUnavailableException(EtcdFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public EtcdFailure failure() {
        return failure;
    }
}
