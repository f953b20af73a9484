package com.capreport.agent.profiles;

/** A profiles file that cannot be used, as one line naming the file, the profile and the key. */
public final class ProfileFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProfileFileException(String message) {
        super(message);
    }

    public ProfileFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
