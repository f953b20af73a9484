package com.capreport.model.attention;

/** The item a problem is about, so a view can select it where it is shown in full. */
public sealed interface Target {
    /** etcd itself, as the reader reaches it (its endpoints). */
    record Etcd(String endpoints) implements Target {
    }

    /** A dock (Docks view). */
    record Dock(String dockId) implements Target {
    }

    /** One report loop of a dock (Docks view). */
    record Loop(String dockId, String backend) implements Target {
    }

    /** A pool, by id (Pools view). */
    record Pool(String poolId) implements Target {
    }

    /** A profile, by id (Profiles view). */
    record Profile(String profileId) implements Target {
    }

    /** An invalid entry, by key (Invalid entries view). */
    record Entry(String key) implements Target {
    }
}
