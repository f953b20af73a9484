package com.capreport.model.match;

/** One result of validating a profile: an error blocks applying it, a warning is shown. */
public record Finding(Severity severity, String path, String message) {
    public enum Severity { ERROR, WARNING }

    /** "error: requirements.MaxIOPS: …" — one line for the CLI and the editor. */
    public String line() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
