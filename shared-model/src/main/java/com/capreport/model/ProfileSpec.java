package com.capreport.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service profile written by admins: requirements map a dotted capability path (from the pool's
 * root, e.g. {@code extras.DataStorageLineOfService.ProvisioningPolicy}) to an expression in the
 * OpenStack volume-type operator syntax.
 *
 * <p>{@code minMatches} (a documented extension, optional) is the number of matching pools below
 * which the dashboard raises a notification; unset means 1, i.e. "tell me when nothing matches".
 */
@JsonPropertyOrder({"id", "name", "description", "storageType", "minMatches", "requirements"})
public record ProfileSpec(String id, String name, String description, String storageType,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer minMatches,
                          Map<String, String> requirements) {
    public ProfileSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("profile 'id' is missing or empty");
        }
        if (!KeyLayout.isValidSegment(id)) {
            throw new IllegalArgumentException("profile 'id' '" + id + "' is not usable as an etcd key segment ("
                    + KeyLayout.SEGMENT_RULE + ")");
        }
        if (minMatches != null && minMatches < 0) {
            throw new IllegalArgumentException("profile 'minMatches' must not be negative, found " + minMatches);
        }
        name = name == null || name.isBlank() ? id : name;
        description = description == null ? "" : description;
        storageType = storageType == null || storageType.isBlank() ? null : storageType;
        requirements = requirements == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(requirements));
    }

    public ProfileSpec(String id, String name, String description, String storageType,
                       Map<String, String> requirements) {
        this(id, name, description, storageType, null, requirements);
    }

    /** The pool count below which the profile is "at risk": {@code minMatches}, or 1 when unset. */
    @JsonIgnore
    public int threshold() {
        return minMatches == null ? 1 : minMatches;
    }

    public ProfileSpec withRequirements(Map<String, String> newRequirements) {
        return new ProfileSpec(id, name, description, storageType, minMatches, newRequirements);
    }
}
