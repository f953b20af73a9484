package com.capreport.agent.driver;

/**
 * A backend failed to answer: the message is one line naming the backend and, where there was
 * one, the command and what it said ("lvm-1: vgs exited 5: Volume group "vg9" not found").
 */
public final class DriverException extends Exception {
    private static final long serialVersionUID = 1L;

    public DriverException(String message) {
        super(message);
    }

    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
