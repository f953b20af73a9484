package com.capreport.agent.config;

/** A configuration problem, as one line: "FILE: KEY: what is wrong (what is allowed)". */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
