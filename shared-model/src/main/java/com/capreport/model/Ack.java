package com.capreport.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;

/**
 * An admin's acknowledgement of a problem, shared by every dashboard through
 * {@code {prefix}/acks/{id}} (DESIGN.md): who said it is known, why, since when and until when.
 * {@code expiresAt} null means "until resolved": it holds while the problem lasts and is removed
 * by the dashboard that sees the problem resolve. Readers ignore an ack whose expiry has passed.
 * One ack per target: the key's id is {@link #idFor} of the target, so a second admin's ack
 * replaces the first one instead of piling up.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Ack(AckTarget target, String reason, String by, Instant at, Instant expiresAt) {
    /** Values stay small: a reason is a sentence, not a log. */
    public static final int MAX_REASON = 500;
    public static final int MAX_BY = 128;

    public Ack {
        if (target == null) {
            throw new IllegalArgumentException("an ack needs a target");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an ack needs a reason (why is this problem acceptable for now?)");
        }
        reason = reason.strip();
        if (reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("an ack's reason is at most " + MAX_REASON + " characters, found "
                    + reason.length());
        }
        if (by == null || by.isBlank() || by.length() > MAX_BY) {
            throw new IllegalArgumentException("an ack names who gave it (1-" + MAX_BY + " characters)");
        }
        if (at == null) {
            throw new IllegalArgumentException("an ack needs the time it was given (at)");
        }
        if (expiresAt != null && !expiresAt.isAfter(at)) {
            throw new IllegalArgumentException("an ack's expiresAt (" + expiresAt + ") must be after its at (" + at + ")");
        }
    }

    /** The key segment of {@code target}'s ack: a name-based UUID of its wire form. */
    public static String idFor(AckTarget target) {
        return PoolIds.uuidV5(PoolIds.NAMESPACE, "ack/" + target.wire()).toString();
    }

    @JsonIgnore
    public String id() {
        return idFor(target);
    }

    /** Whether readers honour it at {@code now}: not past its expiry ("until resolved" never expires by time). */
    public boolean activeAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    @JsonIgnore
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }
}
