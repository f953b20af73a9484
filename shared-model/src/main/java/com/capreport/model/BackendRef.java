package com.capreport.model;

/** A backend a dock runs a discovery loop for: its configured name and driver. */
public record BackendRef(String name, String driver) {
    public BackendRef {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("backend 'name' is missing or empty");
        }
        driver = driver == null ? "" : driver;
    }
}
