package com.capreport.dashboard.attention;

import com.capreport.model.attention.Kind;
import com.capreport.model.attention.Problem;
import com.capreport.model.attention.Target;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * When this dashboard first saw each problem, keyed by the item's identity and the problem's kind,
 * for the dashboard's lifetime. A reload of the estate (after an etcd outage, a compaction) does
 * not restart it: a problem is forgotten only when its item is seen fine, not when it merely
 * cannot be seen (a dock whose leases expired in the outage makes its pools stale; profiles are
 * being matched again). A problem that clears and comes back gets a new first sighting. A problem
 * already there at the dashboard's start is marked so: its real start is not known here.
 * Also keeps the earliest start the model gave ({@code "since"} basis): an agent that restarts its
 * loop's {@code since} after backing off during the outage does not make an hour-old error new.
 */
final class ProblemHistory {
    /** What is remembered of one problem. {@code atStart}: already so when the dashboard first looked. */
    record Seen(Instant first, boolean atStart, Instant earliestSince) {
    }

    record Key(Kind kind, Target target) {
        static Key of(Problem p) {
            return new Key(p.kind(), p.target());
        }
    }

    private final Map<Key, Seen> seen = new HashMap<>();

    /**
     * Records the problems present at {@code at}; {@code baseline}: the first look (they were
     * already so). Problems no longer present are forgotten when {@code seenFine} says their item
     * is visible and without that problem.
     */
    void observe(Iterable<Problem> present, Set<Key> baselineKeys, Predicate<Target> seenFine, Instant at) {
        Set<Key> now = new java.util.HashSet<>();
        for (Problem p : present) {
            Key k = Key.of(p);
            now.add(k);
            Instant since = "since".equals(p.sinceWhat()) ? p.since().orElse(null) : null;
            Seen old = seen.get(k);
            if (old == null) {
                seen.put(k, new Seen(at, baselineKeys.contains(k), since));
            } else if (since != null && (old.earliestSince() == null || since.isBefore(old.earliestSince()))) {
                seen.put(k, new Seen(old.first(), old.atStart(), since));
            }
        }
        seen.keySet().removeIf(k -> !now.contains(k) && seenFine.test(k.target()));
    }

    Optional<Seen> of(Problem p) {
        return Optional.ofNullable(seen.get(Key.of(p)));
    }

    /** The problem with the earliest start the model gave while it lasted. */
    Problem earliest(Problem p) {
        Seen s = seen.get(Key.of(p));
        if (s == null || s.earliestSince() == null || !"since".equals(p.sinceWhat())
                || p.since().map(t -> !s.earliestSince().isBefore(t)).orElse(true)) {
            return p;
        }
        return p.startedAt(s.earliestSince());
    }

    int size() {
        return seen.size();
    }
}
