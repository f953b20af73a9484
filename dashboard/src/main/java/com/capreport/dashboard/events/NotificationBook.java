package com.capreport.dashboard.events;

import com.capreport.model.AckTarget;
import com.capreport.model.EstateEvents;
import com.capreport.model.EstateEvents.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notifications' logic, headless: events are coalesced per source (a dock, a backend, a
 * profile) into one card that counts them, so a flapping backend is one card that says "failed 12
 * times in 5 min", not a popup per failure. At most {@link #CAP} cards are on screen, worst and
 * newest first; the rest are folded ("+N more"). Information cards go away by themselves, warnings
 * a little later; errors stay until dismissed or acknowledged. Acknowledged sources do not notify.
 * Time comes from the injected clock.
 */
public final class NotificationBook {
    public static final int CAP = 3;
    static final Duration INFO_FOR = Duration.ofSeconds(8);
    static final Duration WARNING_FOR = Duration.ofSeconds(30);
    /** Bounded by sources, and sources by the estate; this guards against a runaway anyway. */
    static final int MAX_CARDS = 500;

    /** One source's notification, as it stands. */
    public record Card(AckTarget source, long id, Severity severity, int events, int failures, Instant firstFailure,
                       Instant lastFailureAt, EstateEvents.Event lastFailure, EstateEvents.Event last, Instant updated) {

        public String title() {
            return source.describe();
        }

        /** "failed 12 times in 5 min · last: …", or the one event's message. */
        public String text() {
            if (failures < 2) {
                return last.message() + (lastFailure != null && last != lastFailure
                        ? "\nbefore: " + lastFailure.message() : "");
            }
            String t = "failed " + failures + " times in " + span(Duration.between(firstFailure, lastFailureAt))
                    + " · last: " + lastFailure.message();
            return last.severity() == Severity.INFO ? t + "\nnow: " + last.message() : t;
        }

        /** Whether it stays until the admin dismisses or acknowledges it. */
        public boolean sticky() {
            return severity == Severity.ERROR;
        }

        Card with(EstateEvents.Event e, Instant now) {
            boolean failure = e.severity() != Severity.INFO;
            Severity s = e.severity().compareTo(severity) > 0 ? e.severity() : severity;
            return new Card(source, id, s, events + 1, failures + (failure ? 1 : 0),
                    failure && firstFailure == null ? e.at() : firstFailure, failure ? e.at() : lastFailureAt,
                    failure ? e : lastFailure, e, now);
        }
    }

    private final Clock clock;
    private final Map<AckTarget, Card> cards = new LinkedHashMap<>();
    private long nextId = 1;
    private long created;
    private long offered;

    public NotificationBook(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes new events (oldest first); events of a source in {@code acknowledged} are not notified
     * (they stay in the Events history). Returns whether the cards changed.
     */
    public boolean offer(List<EstateEvents.Event> fresh, Set<AckTarget> acknowledged) {
        Instant now = clock.instant();
        boolean changed = false;
        for (EstateEvents.Event e : fresh) {
            offered++;
            AckTarget src = EventSources.of(e).orElse(null);
            if (src == null || acknowledged.contains(src)) {
                continue;
            }
            Card c = cards.remove(src);
            if (c == null) {
                c = new Card(src, nextId++, Severity.INFO, 0, 0, null, null, null, e, now);
                created++;
            }
            cards.put(src, c.with(e, now)); // re-inserted: newest last in insertion order
            changed = true;
        }
        while (cards.size() > MAX_CARDS) {
            cards.remove(cards.keySet().iterator().next());
        }
        return expire() || changed;
    }

    /** Drops cards whose source was acknowledged; returns whether any went. */
    public boolean acknowledged(Collection<AckTarget> acked) {
        return cards.keySet().removeAll(Set.copyOf(acked));
    }

    public boolean dismiss(AckTarget source) {
        return cards.remove(source) != null;
    }

    /** Drops every card (the admin's "dismiss all"). */
    public boolean dismissAll() {
        boolean any = !cards.isEmpty();
        cards.clear();
        return any;
    }

    /** Lets information and warning cards go once their time is up; returns whether any went. */
    public boolean expire() {
        Instant now = clock.instant();
        return cards.values().removeIf(c -> !c.sticky()
                && !now.isBefore(c.updated().plus(c.severity() == Severity.INFO ? INFO_FOR : WARNING_FOR)));
    }

    /** Every live card, worst first, then newest first. */
    public List<Card> all() {
        List<Card> out = new ArrayList<>(cards.values());
        out.sort(Comparator.comparing(Card::severity).reversed().thenComparing(Card::updated, Comparator.reverseOrder())
                .thenComparing(Card::id, Comparator.reverseOrder()));
        return out;
    }

    /** What is on screen: at most {@link #CAP} cards. */
    public List<Card> visible() {
        List<Card> all = all();
        return all.subList(0, Math.min(CAP, all.size()));
    }

    /** How many live cards are folded into "+N more". */
    public int folded() {
        return Math.max(0, cards.size() - CAP);
    }

    /** Cards created so far (a figure: what the admin saw appear). */
    public long created() {
        return created;
    }

    /** Events offered so far (what one popup per event would have shown). */
    public long offered() {
        return offered;
    }

    static String span(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return s / 60 + " min";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
