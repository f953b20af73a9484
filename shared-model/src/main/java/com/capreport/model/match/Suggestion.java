package com.capreport.model.match;

import java.util.List;

/**
 * One relaxed requirement that would admit pools which fail only that requirement.
 * {@code to} is the relaxed expression, or empty when the suggestion is to drop the requirement.
 * {@code message} reads like {@code MaxIOPS >= 5000 → >= 3000 admits 4 pools: node-1/vg0, …}.
 */
public record Suggestion(String path, String from, String to, List<String> poolIds, String message) {
    public Suggestion {
        // The book's id list is an immutable view over its slots: thousands of ids are not copied.
        poolIds = poolIds instanceof SlotLists.OfIds ? poolIds : List.copyOf(poolIds);
    }

    public boolean drops() {
        return to.isEmpty();
    }
}
