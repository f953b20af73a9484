package com.capreport.agent.etcd;

/** etcd could not be reached or did not answer in time; the message names the endpoints. */
public final class EtcdUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public EtcdUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
