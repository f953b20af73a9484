package com.capreport.model.match;

/** The requirement that keeps the most live pools out of a profile. */
public record Blocker(String path, String expression, int pools) {
}
