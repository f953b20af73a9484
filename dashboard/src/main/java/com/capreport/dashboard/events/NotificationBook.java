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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notifications' logic, headless: events are coalesced per source (a dock, a backend, a
 * profile) into one card that counts them, so a flapping backend is one card that says "failed 12
 * times in 5 min", not a popup per failure. At most {@link #CAP} cards are on screen, worst and
 * newest first; the rest are folded ("+N more"). Information cards go away by themselves, warnings
 * a little later; errors stay until dismissed or acknowledged. A card takes its source's severity
 * now: when an error's source recovers ("reports again", "now matches") the card turns into a
 * "recovered" information card and goes away by itself. Acknowledged sources do not notify.
 * Time comes from the injected clock.
 */
public final class NotificationBook {
    public static final int CAP = 3;
    static final Duration INFO_FOR = Duration.ofSeconds(8);
    static final Duration WARNING_FOR = Duration.ofSeconds(30);
    /** How long a recovered source's failures are remembered for coalescing after its card went. */
    static final Duration COALESCE_FOR = Duration.ofMinutes(10);
    /** Bounded by sources, and sources by the estate; this guards against a runaway anyway. */
    static final int MAX_CARDS = 500;

    /** What a card tells, decided from the events' typed severities (never from their text). */
    public enum Standing {
        /** Something is wrong with the source now (its last event is a warning or an error). */
        PROBLEM,
        /** The source failed and its last event says it is fine again: good news, it goes away by itself. */
        RECOVERED,
        /** Information about a source that did not fail here (a dock registered). */
        NEWS
    }

    /**
     * One source's notification, as it stands. {@code severity} is the source's severity now (its
     * last event's): a recovery turns an error card into an information card; {@code worst} is the
     * worst it was while the card lived.
     */
    public record Card(AckTarget source, long id, Severity severity, Severity worst, int events, int failures,
                       Instant firstFailure, Instant lastFailureAt, EstateEvents.Event lastFailure,
                       EstateEvents.Event last, Instant updated) {

        public String title() {
            return source.describe();
        }

        public Standing standing() {
            if (last.severity() != Severity.INFO) {
                return Standing.PROBLEM;
            }
            return failures > 0 ? Standing.RECOVERED : Standing.NEWS;
        }

        /** "failed 12 times in 5 min · last: …", or the one event's message; a recovery says so first. */
        public String text() {
            boolean recovered = standing() == Standing.RECOVERED;
            if (failures < 2) {
                return (recovered ? "recovered: " : "") + last.message() + (lastFailure != null && last != lastFailure
                        ? "\nbefore: " + lastFailure.message() : "");
            }
            String t = "failed " + failures + " times in " + span(Duration.between(firstFailure, lastFailureAt))
                    + " · last: " + lastFailure.message();
            return recovered ? "recovered: " + last.message() + "\n" + t : t;
        }

        /** Whether it stays until the admin dismisses or acknowledges it. */
        public boolean sticky() {
            return severity == Severity.ERROR;
        }

        Card with(EstateEvents.Event e, Instant now) {
            boolean failure = e.severity() != Severity.INFO;
            Severity w = e.severity().compareTo(worst) > 0 ? e.severity() : worst;
            return new Card(source, id, e.severity(), w, events + 1, failures + (failure ? 1 : 0),
                    failure && firstFailure == null ? e.at() : firstFailure, failure ? e.at() : lastFailureAt,
                    failure ? e : lastFailure, e, now);
        }
    }

    private final Clock clock;
    private final Map<AckTarget, Card> cards = new LinkedHashMap<>();
    /**
     * Recovered cards that went away by themselves, kept for {@link #COALESCE_FOR} after their last
     * failure: a backend that fails again soon gets its card back with the count going on, so a
     * flapping source stays one card that counts its failures.
     */
    private final Map<AckTarget, Card> resting = new LinkedHashMap<>();
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
                c = resting.remove(src);
            }
            if (c == null) {
                c = new Card(src, nextId++, Severity.INFO, Severity.INFO, 0, 0, null, null, null, e, now);
                created++;
            }
            cards.put(src, c.with(e, now)); // re-inserted: newest last in insertion order
            changed = true;
        }
        while (cards.size() > MAX_CARDS) {
            cards.remove(cards.keySet().iterator().next());
        }
        while (resting.size() > MAX_CARDS) {
            resting.remove(resting.keySet().iterator().next());
        }
        return expire() || changed;
    }

    /** Drops cards whose source was acknowledged; returns whether any went. */
    public boolean acknowledged(Collection<AckTarget> acked) {
        resting.keySet().removeAll(Set.copyOf(acked));
        return cards.keySet().removeAll(Set.copyOf(acked));
    }

    public boolean dismiss(AckTarget source) {
        resting.remove(source);
        return cards.remove(source) != null;
    }

    /** Drops every card (the admin's "dismiss all"). */
    public boolean dismissAll() {
        boolean any = !cards.isEmpty();
        cards.clear();
        resting.clear();
        return any;
    }

    /**
     * Lets information (recoveries too) and warning cards go once their time is up; returns whether
     * any went. A recovered card rests a while, so a new failure of its source continues its count.
     */
    public boolean expire() {
        Instant now = clock.instant();
        resting.values().removeIf(c -> !now.isBefore(c.lastFailureAt().plus(COALESCE_FOR)));
        boolean any = false;
        for (Iterator<Card> it = cards.values().iterator(); it.hasNext(); ) {
            Card c = it.next();
            if (!c.sticky() && !now.isBefore(c.updated().plus(c.severity() == Severity.INFO ? INFO_FOR : WARNING_FOR))) {
                it.remove();
                any = true;
                if (c.standing() == Standing.RECOVERED && now.isBefore(c.lastFailureAt().plus(COALESCE_FOR))) {
                    resting.put(c.source(), c);
                }
            }
        }
        return any;
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
