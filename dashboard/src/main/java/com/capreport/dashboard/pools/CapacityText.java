package com.capreport.dashboard.pools;

import com.capreport.dashboard.common.Formats;
import com.capreport.model.PoolSpec;

/**
 * A pool's capacity in words, split the way {@code df} reads a file system: used, reserved (blocks
 * a file system keeps for root: neither used nor free to writers) and free. The used bar, its
 * tooltip and the details pane say the same.
 */
final class CapacityText {
    private CapacityText() {
    }

    /** "22%": used of the space writers can have (used + free), as {@code df}'s Use%. */
    static String percent(PoolSpec p) {
        return Math.round(p.usedFraction() * 100) + "%";
    }

    /** "22 GiB used · 147 GiB reserved · 79 GiB free of 252 GiB" (no reserved part when there is none). */
    static String breakdown(PoolSpec p) {
        long reserved = p.reservedBytes();
        return Formats.bytes(p.usedBytes()) + " used · " + (reserved > 0 ? Formats.bytes(reserved) + " reserved · " : "")
                + Formats.bytes(p.freeCapacityBytes()) + " free of " + Formats.bytes(p.totalCapacityBytes());
    }

    /** The tooltip: the breakdown, exact bytes, and what the percentage and "reserved" mean. */
    static String tooltip(PoolSpec p) {
        long reserved = p.reservedBytes();
        StringBuilder sb = new StringBuilder(breakdown(p)).append('\n')
                .append("used ").append(Formats.exactBytes(p.usedBytes()));
        if (reserved > 0) {
            sb.append(", reserved ").append(Formats.exactBytes(reserved));
        }
        sb.append(", free ").append(Formats.exactBytes(p.freeCapacityBytes()));
        sb.append('\n').append(percent(p)).append(" of the space writers can have is used");
        if (reserved > 0) {
            sb.append(" (as df's Use%)\nreserved: blocks the file system keeps for root (statfs f_bfree − f_bavail);")
                    .append(" neither used nor free to writers");
        }
        return sb.toString();
    }
}
