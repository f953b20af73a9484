package com.capreport.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An alarm etcd raised: while it is raised etcd refuses writes (puts, transactions with a put,
 * lease grants), so nothing an agent reports reaches it any more, its loop statuses included.
 * A reader cannot tell from the values which of them are frozen: while an alarm is raised, every
 * value of a live dock may be. Decided by the reader from etcd's alarm list (and refused writes),
 * never from message text.
 *
 * @param kind     which alarm
 * @param memberId the etcd member that raised it (hex in words), 0 when unknown
 * @param since    when the reader first saw it; empty for a one-off read, which cannot know
 */
public record EtcdAlarm(Kind kind, long memberId, Optional<Instant> since) {
    /** etcd's alarm types (etcdserverpb.AlarmType, NONE left out). */
    public enum Kind {
        /** The backend database reached {@code --quota-backend-bytes}. */
        NOSPACE,
        /** A member's data diverged from the others (corruption check). */
        CORRUPT;

        /** One sentence on what it means for the estate. */
        public String meaning() {
            return switch (this) {
                case NOSPACE -> "its database reached its quota (--quota-backend-bytes)";
                case CORRUPT -> "a member's data diverged from the cluster's";
            };
        }
    }

    public EtcdAlarm {
        Objects.requireNonNull(kind, "kind");
        since = since == null ? Optional.empty() : since;
    }

    /** "NOSPACE on member 8e9e05c52164694d". */
    public String words() {
        return kind.name() + (memberId == 0 ? "" : " on member " + Long.toHexString(memberId));
    }
}
