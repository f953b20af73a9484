package com.capreport.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Stable pool ids: a name-based UUID, version 5 (SHA-1, RFC 9562), of
 * {@code dockId/backend/nativePoolId} in the project's own namespace. Restarts, re-discovery and
 * re-installation give the same id, so a pool is never duplicated.
 */
public final class PoolIds {
    /** The namespace UUID of Capabilities Report pool ids. Never change it: ids would all move. */
    public static final UUID NAMESPACE = UUID.fromString("6f0c7a2e-2b55-5d7e-9c53-4b1e0d6a2f11");

    private PoolIds() {
    }

    public static String poolId(String dockId, String backend, String nativePoolId) {
        return uuidV5(NAMESPACE, dockId + "/" + backend + "/" + nativePoolId).toString();
    }

    /** One digest per thread: readers check every pool document's id against this (Estate.parse). */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1", e);
        }
    });

    static UUID uuidV5(UUID namespace, String name) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bb = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bb.getLong(), bb.getLong());
    }
}
