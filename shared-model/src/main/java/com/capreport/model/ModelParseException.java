package com.capreport.model;

/**
 * A document or key that does not have the shape of the model. The message is one line that
 * names what was being read and what was wrong, fit for a CLI error or an "invalid entries" list.
 */
public final class ModelParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelParseException(String message) {
        super(message);
    }

    public ModelParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
