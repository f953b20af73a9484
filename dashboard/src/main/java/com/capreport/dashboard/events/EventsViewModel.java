package com.capreport.dashboard.events;

import com.capreport.model.Estate;
import com.capreport.model.EstateEvents;
import java.time.Instant;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The events panel: what changed between consecutive estates (docks dying and coming back, loops
 * dying, backends failing and recovering), newest first, capped. The first estate is the baseline:
 * an admin opening the dashboard should not get a notification per dock that was already there.
 */
public final class EventsViewModel {
    static final int MAX = 2000;
    private final ObservableList<EstateEvents.Event> events = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would hold listeners only weakly and lose them to GC.
    private final ObservableList<EstateEvents.Event> eventsView = FXCollections.unmodifiableObservableList(events);
    private Estate last;

    /** Returns the new events (for notifications), oldest first. */
    public List<EstateEvents.Event> apply(Estate estate, Instant now) {
        if (estate == last) {
            return List.of();
        }
        Estate before = last;
        last = estate;
        if (before == null) {
            return List.of();
        }
        List<EstateEvents.Event> fresh = EstateEvents.between(before, estate, now);
        for (EstateEvents.Event e : fresh) {
            events.add(0, e);
        }
        if (events.size() > MAX) {
            events.remove(MAX, events.size());
        }
        return fresh;
    }

    /** Events that other features raise (profiles at risk), newest first like the estate's own. */
    public void add(List<EstateEvents.Event> more) {
        for (EstateEvents.Event e : more) {
            events.add(0, e);
        }
        if (events.size() > MAX) {
            events.remove(MAX, events.size());
        }
    }

    public ObservableList<EstateEvents.Event> events() {
        return eventsView;
    }

    /** Warnings and errors in the list, for the navigation badge. */
    public IntegerBinding alertCount() {
        return Bindings.createIntegerBinding(() -> (int) events.stream()
                .filter(e -> e.severity() != EstateEvents.Severity.INFO).count(), events);
    }
}
