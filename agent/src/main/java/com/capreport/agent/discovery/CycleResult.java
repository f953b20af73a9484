package com.capreport.agent.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one discovery cycle did: whether the backend answered, which pool ids were added, changed or
 * removed (turned unavailable or deleted), and whether those writes reached etcd.
 */
public record CycleResult(String backend, boolean ok, Optional<String> error, List<String> added,
                          List<String> changed, List<String> removed, int poolCount, Duration took,
                          boolean published) {
    public CycleResult {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    public boolean unchanged() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }
}
