package com.capreport.model;

import java.time.Instant;
import java.util.List;

/**
 * The export format: what the estate could do at one etcd revision. Re-importable for offline
 * matching and diffing. {@code schemaVersion} is {@link #SCHEMA_VERSION} for files written now.
 *
 * <p>{@code invalid} (optional, schema version 1 still: a file without it reads as "none recorded")
 * lists (when there are any: an export without them is byte for byte as before) the entries under the prefix that the export could not read, by key and error, as
 * {@code pools --json} does: they are in none of the other lists, and the file says so instead of
 * looking like a complete estate.
 */
public record Snapshot(int schemaVersion, Instant takenAt, Source source, List<DockEntry> docks,
                       List<LoopStatus> loops, List<PoolSpec> pools, List<ProfileSpec> profiles,
                       List<ProfileMatches> matches,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                       List<Estate.InvalidEntry> invalid) {
    public static final int SCHEMA_VERSION = 1;

    public Snapshot {
        docks = docks == null ? List.of() : List.copyOf(docks);
        loops = loops == null ? List.of() : List.copyOf(loops);
        pools = pools == null ? List.of() : List.copyOf(pools);
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        matches = matches == null ? List.of() : List.copyOf(matches);
        invalid = invalid == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(invalid));
    }

    /** This snapshot with other pools (a test's or a bench's edit); everything else, {@code invalid} included, kept. */
    public Snapshot withPools(List<PoolSpec> otherPools) {
        return new Snapshot(schemaVersion, takenAt, source, docks, loops, otherPools, profiles, matches, invalid);
    }

    /** Where and when the snapshot was read. Endpoints only: never credentials. */
    public record Source(List<String> endpoints, String prefix, long revision) {
        public Source {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        }
    }

    /** A dock with its liveness at the snapshot's revision. */
    public record DockEntry(DockSpec spec, boolean alive, DockAlive holder) {
    }

    /** The pools that satisfied a profile at the snapshot's revision. */
    public record ProfileMatches(String profileId, List<String> poolIds) {
        public ProfileMatches {
            poolIds = poolIds == null ? List.of() : List.copyOf(poolIds);
        }
    }
}
