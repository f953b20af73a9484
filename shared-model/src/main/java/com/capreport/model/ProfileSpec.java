package com.capreport.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service profile written by admins: requirements map a dotted capability path (from the pool's
 * root, e.g. {@code extras.DataStorageLineOfService.ProvisioningPolicy}) to an expression in the
 * OpenStack volume-type operator syntax.
 */
public record ProfileSpec(String id, String name, String description, String storageType,
                          Map<String, String> requirements) {
    public ProfileSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("profile 'id' is missing or empty");
        }
        name = name == null || name.isBlank() ? id : name;
        description = description == null ? "" : description;
        requirements = requirements == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(requirements));
    }
}
