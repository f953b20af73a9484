package com.capreport.dashboard.events;

import com.capreport.model.AckTarget;
import com.capreport.model.EstateEvents;
import java.util.Optional;

/** Which source an event is about: the target a notification coalesces on and an ack silences. */
public final class EventSources {
    /** Profile events carry {@code profile:ID} where estate events carry the dock id. */
    static final String PROFILE = "profile:";

    private EventSources() {
    }

    public static Optional<AckTarget> of(EstateEvents.Event e) {
        try {
            if (e.dockId().startsWith(PROFILE)) {
                return Optional.of(new AckTarget.Profile(e.dockId().substring(PROFILE.length())));
            }
            return Optional.of(e.backend().isEmpty() ? new AckTarget.Dock(e.dockId())
                    : new AckTarget.Loop(e.dockId(), e.backend()));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty(); // not a key segment: nothing to coalesce on or acknowledge
        }
    }
}
