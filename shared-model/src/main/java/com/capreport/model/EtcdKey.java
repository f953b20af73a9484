package com.capreport.model;

/** A parsed key of the layout in {@link KeyLayout}. */
public sealed interface EtcdKey {
    record Spec(String dockId) implements EtcdKey {
    }

    record Alive(String dockId) implements EtcdKey {
    }

    /** The dock's proof of life ({@link DockProof}). */
    record Proof(String dockId) implements EtcdKey {
    }

    record Loop(String dockId, String backend) implements EtcdKey {
    }

    record Pool(String dockId, String poolId) implements EtcdKey {
    }

    record Profile(String profileId) implements EtcdKey {
    }

    record Ack(String ackId) implements EtcdKey {
    }

    /** Under the prefix but not part of the layout (or outside it). */
    record Unknown(String key) implements EtcdKey {
    }
}
