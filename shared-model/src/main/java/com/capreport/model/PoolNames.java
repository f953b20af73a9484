package com.capreport.model;

/**
 * How a pool is named where its dock (and backend) must be said too: "node-1/vg-gold",
 * "node-1/lvm-1/vg-gold". A name that is itself a path (the filesystem pool of "/" is named "/")
 * is joined with ':' as in {@code host:/path}, so the pool on "/" reads "demo-node:/", not
 * "demo-node//". The one place these names are built: views, reasons, suggestions and the CLI.
 */
public final class PoolNames {
    private PoolNames() {
    }

    /** "node-1/vg-gold"; "demo-node:/" for the pool named "/". */
    public static String of(PoolSpec p) {
        return join(p.dockId(), p.name());
    }

    /** "node-1/lvm-1/vg-gold"; "demo-node/local-fs:/" for the pool named "/". */
    public static String withBackend(PoolSpec p) {
        return join(p.dockId() + "/" + p.backend(), p.name());
    }

    /** {@code prefix/name}, or {@code prefix:name} when the name starts with '/'. */
    public static String join(String prefix, String name) {
        return prefix + (name.startsWith("/") ? ":" : "/") + name;
    }
}
