package com.capreport.dashboard.profiles;

import com.capreport.model.EstateEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which profile alerts become notification cards now. A profile that fell only because its docks'
 * leases expired in an etcd outage this dashboard lived through is expected back when the agents
 * re-register (seconds): its card waits {@link #GRACE}, and a recovery within it shows no card at
 * all (the Events history keeps both entries). Any other alert shows at once. No JavaFX.
 */
public final class OutageAlertGrace {
    /**
     * The agents' time to re-register after an outage (two lease TTLs, at least 10 s) plus a report
     * cycle, for the agent's default TTL of 10 s.
     */
    public static final Duration GRACE = Duration.ofSeconds(30);

    private record Held(EstateEvents.Event event, Instant until) {
    }

    private final Map<String, Held> held = new LinkedHashMap<>();

    /** The cards to show now for {@code alerts}, oldest first; outage-only drops are held. */
    public List<EstateEvents.Event> offer(List<ProfileAlert> alerts, Instant now) {
        List<EstateEvents.Event> show = new ArrayList<>();
        for (ProfileAlert a : alerts) {
            if (!a.recovery() && a.change().outageOnly()) {
                held.put(a.profileId(), new Held(a.event(), now.plus(GRACE)));
            } else if (a.recovery() && held.remove(a.profileId()) != null) {
                continue; // back within the grace: nothing to tell on screen
            } else {
                held.remove(a.profileId());
                show.add(a.event());
            }
        }
        return show;
    }

    /** The held cards whose grace ran out by {@code now} (the 1 s tick): the profile did not come back in time. */
    public List<EstateEvents.Event> due(Instant now) {
        List<EstateEvents.Event> out = new ArrayList<>();
        held.values().removeIf(h -> {
            if (now.isBefore(h.until())) {
                return false;
            }
            out.add(h.event());
            return true;
        });
        return out;
    }
}
