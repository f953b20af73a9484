package com.capreport.model.attention;

import com.capreport.model.Estate;
import com.capreport.model.KeyLayout;
import com.capreport.model.LoopState;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStatus;
import com.capreport.model.UnreadableProfile;
import com.capreport.model.match.Cell;
import com.capreport.model.match.ProfileReport;
import com.capreport.model.match.Standing;
import com.capreport.model.match.Suggestion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What is wrong in an estate now, worst first (severity, then kind, then the oldest first, then by
 * name), and, when nothing is, what is fine ({@link #allClear()}). Built from typed values only:
 * dock liveness, loop health and state, pool status and standing, profile reports.
 *
 * <p>A dead dock stands for its pools and loops (one line, not one per stale pool); a dead loop for
 * its backend's pools; a dock of unknown liveness for its pools, its loops and its unreadable alive key. Pools are listed only while someone reports them (their values are live).
 */
public record Attention(List<Problem> problems, int docks, int docksAlive, int pools, int poolsReporting,
                        int profiles, int profilesMet) {
    /** Worst first; stable for equal problems (by what they say). */
    public static final Comparator<Problem> ORDER = Comparator.comparing(Problem::severity)
            .thenComparing(Problem::kind)
            .thenComparing(p -> p.since().orElse(Instant.MAX))
            .thenComparing(Problem::what);

    public Attention {
        problems = List.copyOf(problems);
    }

    public static Attention of(Estate estate, List<ProfileReport> reports) {
        return of(estate, reports, null);
    }

    /**
     * With the layout the estate was read under: a profile key that holds no readable profile is an
     * invalid profile (an error, like one whose requirements do not parse, counted among the
     * profiles), not a second, milder "invalid entry" line. Without it (null), every invalid entry
     * is an invalid entry.
     */
    public static Attention of(Estate estate, List<ProfileReport> reports, KeyLayout layout) {
        List<Problem> out = new ArrayList<>();
        Function<PoolSpec, Standing> standing = Standing.resolver(estate);
        Map<String, Integer> stalePerDock = new HashMap<>();
        Map<String, Integer> stalePerLoop = new HashMap<>();
        Map<String, Instant> lastPerLoop = new HashMap<>();
        int reporting = 0;
        for (PoolSpec p : estate.pools()) {
            if (standing.apply(p).cell() == Cell.STALE) {
                stalePerDock.merge(p.dockId(), 1, Integer::sum);
                stalePerLoop.merge(p.dockId() + "/" + p.backend(), 1, Integer::sum);
                if (p.updatedAt() != null) {
                    lastPerLoop.merge(p.dockId() + "/" + p.backend(), p.updatedAt(), (a, b) -> a.isAfter(b) ? a : b);
                }
                continue;
            }
            reporting++;
            pool(estate, p).ifPresent(out::add);
        }
        int alive = 0;
        java.util.Set<String> told = new java.util.HashSet<>();
        for (Estate.DockView d : estate.docks()) {
            if (d.liveness() == Estate.Liveness.UNKNOWN) {
                Estate.InvalidEntry bad = d.unreadableAlive().orElseThrow();
                told.add(bad.key()); // this line stands for the invalid entry too
                int stale = stalePerDock.getOrDefault(d.dockId(), 0);
                String host = d.spec().map(s -> s.host()).filter(h -> !h.isBlank()).map(h -> " on host " + h).orElse("");
                out.add(new Problem(Kind.DOCK_LIVENESS_UNKNOWN, new Target.Dock(d.dockId()), "dock " + d.dockId() + host
                        + ": alive key unreadable, liveness unknown", bad.error() + "; the key exists, so the dock is"
                        + " not known dead (a running agent re-claims it within a heartbeat; a dead agent's garbage stays"
                        + " until deleted)" + (stale == 0 ? "" : "; " + plural(stale, "pool") + " not current"),
                        estate.lastReportedAt(d.dockId()).orElse(null), "last report"));
                continue;
            }
            if (d.unverified()) {
                int stale = stalePerDock.getOrDefault(d.dockId(), 0);
                String host = d.spec().map(s -> s.host()).filter(h -> !h.isBlank()).map(h -> " on host " + h).orElse("");
                out.add(new Problem(Kind.DOCK_UNVERIFIED, new Target.Dock(d.dockId()), "dock " + d.dockId() + host
                        + ": alive (unverified)", com.capreport.model.ProofTexts.unverifiedDetail(d)
                        + (stale == 0 ? "" : "; " + plural(stale, "pool") + " not current"),
                        d.proof().map(com.capreport.model.DockProof::at).orElse(null), "last proof of life"));
                continue;
            }
            if (d.liveness() == Estate.Liveness.DEAD) {
                int stale = stalePerDock.getOrDefault(d.dockId(), 0);
                String host = d.spec().map(s -> s.host()).filter(h -> !h.isBlank()).map(h -> " on host " + h).orElse("");
                String staleWords = stale == 0 ? "" : "; " + plural(stale, "pool") + " stale";
                Optional<com.capreport.model.DockHistory.LeaseLoss> loss = d.history().outage();
                // The row says since when the dashboard saw it dead; the last report is what etcd knows.
                Instant at = estate.lastReportedAt(d.dockId()).orElse(null);
                String sinceWhat = "last report";
                if (loss.isPresent() && !loss.get().settled()) {
                    out.add(new Problem(Kind.DOCK_DEAD, new Target.Dock(d.dockId()), "dock " + d.dockId() + host
                            + ": leases expired during an etcd outage of " + loss.get().outage().lengthWords(),
                            "not a crash so far: waiting for it to re-register" + staleWords, at, sinceWhat));
                    continue;
                }
                out.add(new Problem(Kind.DOCK_DEAD, new Target.Dock(d.dockId()), "dock " + d.dockId() + host + " is dead",
                        (loss.isPresent() ? "its leases expired during an etcd outage of "
                                + loss.get().outage().lengthWords() + " and it did not re-register"
                                : "its alive key expired without a stop (crash, kill, host or network down)")
                                + staleWords, at, sinceWhat));
                continue;
            }
            if (d.liveness() != Estate.Liveness.ALIVE) {
                continue; // stopped on purpose: not a problem
            }
            alive++;
            d.loopHealth().forEach((backend, health) -> {
                if (health == Estate.LoopHealth.DEAD_THREAD) {
                    String key = d.dockId() + "/" + backend;
                    int stale = stalePerLoop.getOrDefault(key, 0);
                    out.add(new Problem(Kind.LOOP_DEAD, new Target.Loop(d.dockId(), backend),
                            "report loop " + key + " is dead",
                            "its key expired while the dock is alive: a hung backend call or thread"
                                    + (stale == 0 ? "" : "; " + plural(stale, "pool") + " stale"),
                            lastPerLoop.get(key), "last report"));
                }
            });
        }
        int met = 0;
        for (ProfileReport r : reports) {
            Optional<Problem> p = profile(r);
            if (p.isPresent()) {
                out.add(p.get());
            } else {
                met++;
            }
        }
        java.util.Set<String> matched = new java.util.HashSet<>();
        reports.forEach(r -> matched.add(r.profile().id()));
        int unreadable = 0;
        for (Estate.InvalidEntry e : estate.invalid()) {
            if (told.contains(e.key()) || layout != null && UnreadableProfile.isProfileKey(e, layout)) {
                continue;
            }
            out.add(new Problem(Kind.INVALID_ENTRY, new Target.Entry(e.key()), "invalid entry " + e.key(), e.error(),
                    null, ""));
        }
        if (layout != null) {
            for (UnreadableProfile u : UnreadableProfile.of(estate, layout)) {
                if (matched.add(u.id())) {
                    unreadable++;
                    out.add(new Problem(Kind.PROFILE_INVALID, new Target.Profile(u.id()), "profile " + u.id()
                            + " is invalid", "its key holds no readable profile: " + u.error(), null, ""));
                }
            }
        }
        out.sort(ORDER);
        return new Attention(out, estate.docks().size(), alive, estate.pools().size(), reporting,
                reports.size() + unreadable, met);
    }

    /** A live pool's problem, if it has one: error or degraded, with the backend's reason. */
    static Optional<Problem> pool(Estate estate, PoolSpec p) {
        String where = "pool " + p.name() + " (" + p.dockId() + "/" + p.backend() + ")";
        Optional<LoopStatus> loop = estate.dock(p.dockId()).map(d -> d.loops().get(p.backend()));
        if (p.status() == PoolStatus.ERROR) {
            // A failing backend: the loop's error is the reason, and it started when the loop went to ERROR.
            Optional<LoopStatus> failing = loop.filter(l -> l.state() == LoopState.ERROR
                    || l.state() == LoopState.BACKING_OFF).filter(l -> l.lastError() != null && !l.lastError().isBlank());
            String why = failing.map(l -> "backend " + p.backend() + " is failing: " + l.lastError()
                            + (l.consecutiveFailures() > 1 ? " (" + l.consecutiveFailures() + " failures in a row)" : ""))
                    .orElse(p.statusReason().isEmpty() ? "backend " + p.backend() + " reports the pool in error; "
                            + "no reason given" : p.statusReason());
            Instant since = failing.map(LoopStatus::since).orElse(p.updatedAt());
            return Optional.of(new Problem(Kind.POOL_ERROR, new Target.Pool(p.id()), where + " is in error", why,
                    since, "since"));
        }
        if (p.status() == PoolStatus.DEGRADED) {
            String why = p.statusReason().isEmpty() ? "the " + (p.driver().isEmpty() ? "backend" : p.driver()
                    + " driver") + " reports it degraded without a reason" : p.statusReason();
            return Optional.of(new Problem(Kind.POOL_DEGRADED, new Target.Pool(p.id()), where + " is degraded", why,
                    p.updatedAt(), "reported"));
        }
        return Optional.empty();
    }

    /** A profile's problem, if it has one: invalid, unmet, or below its threshold. */
    static Optional<Problem> profile(ProfileReport r) {
        String name = "profile " + r.profile().name();
        Target t = new Target.Profile(r.profile().id());
        if (!r.errors().isEmpty()) {
            return Optional.of(new Problem(Kind.PROFILE_INVALID, t, name + " is invalid",
                    String.join("; ", r.errors()), null, ""));
        }
        if (!r.atRisk()) {
            return Optional.empty();
        }
        int n = r.matches().size();
        int needs = r.profile().threshold();
        List<String> why = new ArrayList<>();
        r.blocker().ifPresent(b -> why.add("blocker: " + b.path() + " " + b.expression().trim() + " keeps "
                + plural(b.pools(), "pool") + " out"));
        r.suggestions().stream().findFirst().map(Suggestion::message).ifPresent(s -> why.add("best suggestion: " + s));
        long stale = r.staleCount();
        if (stale > 0) {
            why.add(plural((int) stale, "pool") + " stale (not counted until they report again)");
        }
        if (why.isEmpty()) {
            why.add("no pool reports what it requires");
        }
        return Optional.of(n == 0
                ? new Problem(Kind.PROFILE_UNMET, t, name + ": no pool serves it" + (needs > 1 ? " (needs " + needs + ")"
                        : ""), String.join("; ", why), null, "")
                : new Problem(Kind.PROFILE_BELOW, t, name + ": " + plural(n, "pool") + " serve" + (n == 1 ? "s" : "")
                        + " it, needs " + needs, String.join("; ", why), null, ""));
    }

    public boolean clear() {
        return problems.isEmpty();
    }

    public long count(Severity s) {
        return problems.stream().filter(p -> p.severity() == s).count();
    }

    /** "Nothing needs attention: 3 docks alive, 41 pools reporting, 4 profiles met". */
    public String allClear() {
        return "Nothing needs attention: " + plural(docksAlive, "dock") + " alive, " + plural(poolsReporting, "pool")
                + " reporting, " + plural(profilesMet, "profile") + " met";
    }

    /**
     * A pool's rank in a list sorted worst first: error, degraded, stale (nobody reports it),
     * unavailable (missing from its backend's listing), available.
     */
    public static int poolRank(PoolStatus status, boolean stale) {
        if (stale) {
            return 2; // its last status is not live: whatever it was, nobody vouches for it now
        }
        return switch (status) {
            case ERROR -> 0;
            case DEGRADED -> 1;
            case UNAVAILABLE -> 3;
            case AVAILABLE -> 4;
        };
    }

    /** Live pools (someone reports them) that are degraded and in error: the header's counts. */
    public record PoolCounts(int degraded, int error) {
    }

    public static PoolCounts poolCounts(Estate estate) {
        Function<PoolSpec, Standing> standing = Standing.resolver(estate);
        int degraded = 0;
        int error = 0;
        for (PoolSpec p : estate.pools()) {
            if (p.status() != PoolStatus.DEGRADED && p.status() != PoolStatus.ERROR
                    || standing.apply(p).cell() == Cell.STALE) {
                continue;
            }
            if (p.status() == PoolStatus.DEGRADED) {
                degraded++;
            } else {
                error++;
            }
        }
        return new PoolCounts(degraded, error);
    }

    static String plural(int n, String one) {
        return n + " " + one + (n == 1 ? "" : "s");
    }
}
