package com.capreport.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an acknowledgement is about: a dock, one report loop (a dock's backend), a pool or a
 * profile. On the wire it is one string, {@code dock:ID}, {@code loop:DOCK/BACKEND},
 * {@code pool:ID} or {@code profile:ID}; every id is a key segment ({@link KeyLayout#SEGMENT_RULE}).
 */
public sealed interface AckTarget permits AckTarget.Dock, AckTarget.Loop, AckTarget.Pool, AckTarget.Profile {

    /** The wire form, also the name of the acknowledgement's key (hashed). */
    @JsonValue
    String wire();

    /** For people: "dock node-2", "backend node-1/flaky-sim", "profile gold". */
    String describe();

    record Dock(String dockId) implements AckTarget {
        public Dock {
            segment(dockId, "dock id");
        }

        @Override
        public String wire() {
            return "dock:" + dockId;
        }

        @Override
        public String describe() {
            return "dock " + dockId;
        }
    }

    record Loop(String dockId, String backend) implements AckTarget {
        public Loop {
            segment(dockId, "dock id");
            segment(backend, "backend");
        }

        @Override
        public String wire() {
            return "loop:" + dockId + "/" + backend;
        }

        @Override
        public String describe() {
            return "backend " + dockId + "/" + backend;
        }
    }

    record Pool(String poolId) implements AckTarget {
        public Pool {
            segment(poolId, "pool id");
        }

        @Override
        public String wire() {
            return "pool:" + poolId;
        }

        @Override
        public String describe() {
            return "pool " + poolId;
        }
    }

    record Profile(String profileId) implements AckTarget {
        public Profile {
            segment(profileId, "profile id");
        }

        @Override
        public String wire() {
            return "profile:" + profileId;
        }

        @Override
        public String describe() {
            return "profile " + profileId;
        }
    }

    /** Reads the wire form; {@link IllegalArgumentException} naming what is wrong. */
    @JsonCreator
    static AckTarget parse(String wire) {
        if (wire == null) {
            throw new IllegalArgumentException("an ack target is needed (dock:ID, loop:DOCK/BACKEND, pool:ID, profile:ID)");
        }
        int colon = wire.indexOf(':');
        String kind = colon < 0 ? "" : wire.substring(0, colon);
        String id = colon < 0 ? "" : wire.substring(colon + 1);
        return switch (kind) {
            case "dock" -> new Dock(id);
            case "pool" -> new Pool(id);
            case "profile" -> new Profile(id);
            case "loop" -> {
                int slash = id.indexOf('/');
                if (slash < 0) {
                    throw new IllegalArgumentException("'" + wire + "' is not a loop target (loop:DOCK/BACKEND)");
                }
                yield new Loop(id.substring(0, slash), id.substring(slash + 1));
            }
            default -> throw new IllegalArgumentException("'" + wire
                    + "' is not an ack target (dock:ID, loop:DOCK/BACKEND, pool:ID, profile:ID)");
        };
    }

    private static void segment(String s, String what) {
        if (!KeyLayout.isValidSegment(s)) {
            throw new IllegalArgumentException("'" + s + "' is not a " + what + " (" + KeyLayout.SEGMENT_RULE + ")");
        }
    }
}
