package com.capreport.agent.cli;

import com.capreport.model.PoolSpec;
import com.capreport.model.UnreadableProfile;
import com.capreport.model.match.NonMatch;
import com.capreport.model.match.ProfileReport;
import com.capreport.model.match.Reason;
import com.capreport.model.match.Suggestion;
import java.util.List;
import java.util.Locale;

/** Match results as text: the {@code profiles check} summary table and the {@code match} detail. */
final class MatchRendering {
    private MatchRendering() {
    }

    /** "ok", "AT RISK (1 < 2)", "NO MATCH" or "INVALID": words next to counts, never a bare number. */
    static String verdict(ProfileReport r) {
        if (!r.errors().isEmpty()) {
            return "INVALID";
        }
        if (!r.satisfiable()) {
            return "NO MATCH";
        }
        return r.atRisk() ? "AT RISK (" + r.matches().size() + " < " + r.profile().threshold() + ")" : "ok";
    }

    static String blocker(ProfileReport r) {
        return r.blocker().map(b -> b.path() + " " + b.expression() + " (keeps out " + b.pools() + " pool"
                + (b.pools() == 1 ? "" : "s") + ")").orElse("");
    }

    /** One row per profile: what an admin scans to see which promise is broken and the first way out. */
    static String checkTable(List<ProfileReport> reports) {
        return checkTable(reports, List.of());
    }

    /**
     * One row per profile key: what an admin scans to see which promise is broken and the first way
     * out. An invalid profile (its requirements do not parse, or its key holds no readable profile)
     * is "INVALID" and "not matched" — it was compared with no pool, so "0 of 0" would be false —
     * and every one of its errors is listed under the table, labelled as an error.
     */
    static String checkTable(List<ProfileReport> reports, List<UnreadableProfile> unreadable) {
        Table t = new Table("PROFILE", "STATUS", "MATCHES", "BLOCKER", "SUGGESTION");
        java.util.TreeMap<String, Object> byId = new java.util.TreeMap<>();
        reports.forEach(r -> byId.put(r.profile().id(), r));
        unreadable.forEach(u -> byId.putIfAbsent(u.id(), u));
        for (Object o : byId.values()) {
            if (o instanceof UnreadableProfile u) {
                t.row(u.id(), "INVALID (unreadable)", "not matched", "", "");
                continue;
            }
            ProfileReport r = (ProfileReport) o;
            if (!r.errors().isEmpty()) {
                t.row(r.profile().id(), verdict(r) + " (" + r.errors().size() + " error"
                        + (r.errors().size() == 1 ? "" : "s") + ")", "not matched", "", "");
                continue;
            }
            t.row(r.profile().id(), verdict(r), r.matches().size() + " of " + (r.matches().size()
                    + r.nonMatches().size()), blocker(r),
                    r.suggestions().stream().findFirst().map(Suggestion::message).orElse(""));
        }
        if (t.size() == 0) {
            return "no profiles under this prefix\n";
        }
        StringBuilder sb = new StringBuilder(t.render());
        for (Object o : byId.values()) {
            if (o instanceof UnreadableProfile u) {
                sb.append('\n').append("profile ").append(u.id())
                        .append(" is invalid, not matched: its key holds no readable profile\n");
                sb.append("  error: ").append(u.error()).append('\n');
                continue;
            }
            ProfileReport r = (ProfileReport) o;
            if (!r.errors().isEmpty()) {
                sb.append('\n').append("profile ").append(r.profile().id())
                        .append(" is invalid, not matched against any pool:\n");
                r.errors().forEach(e -> sb.append("  error: ").append(e).append('\n'));
            } else if (!r.satisfiable() && r.nonMatches().size() > 0) {
                sb.append('\n').append("profile ").append(r.profile().id()).append(": no pool serves it\n");
                sb.append(unsatisfiable(r));
            }
        }
        return sb.toString();
    }

    /**
     * Why no pool serves a valid profile: every requirement that alone excludes all usable pools,
     * and the closest pools with what each lacks. Empty when some pool serves it.
     */
    static String unsatisfiable(ProfileReport r) {
        StringBuilder sb = new StringBuilder();
        for (com.capreport.model.match.Blocker b : r.excludingAll()) {
            sb.append("  excludes every usable pool: ").append(b.requirement()).append(" (all ").append(b.pools())
                    .append(" fail it)\n");
        }
        if (!r.closest().isEmpty()) {
            sb.append("  closest pools (fewest failing requirements):\n");
            r.closest().forEach(m -> sb.append("    - ").append(m.message()).append('\n'));
        } else if (r.errors().isEmpty() && !r.satisfiable() && !r.nonMatches().isEmpty()) {
            sb.append("  no usable pool: every pool is stale, in error or unavailable\n");
        }
        return sb.toString();
    }

    /** Per profile: ranked matches, every other pool with its reasons, the blocker and the suggestions. */
    static String detail(List<ProfileReport> reports) {
        StringBuilder sb = new StringBuilder();
        for (ProfileReport r : reports) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            int total = r.matches().size() + r.nonMatches().size();
            sb.append("profile ").append(r.profile().id());
            if (!r.profile().name().equals(r.profile().id())) {
                sb.append(" (").append(r.profile().name()).append(')');
            }
            sb.append(": ").append(verdict(r)).append(", ").append(r.matches().size()).append(" of ").append(total)
                    .append(" pool").append(total == 1 ? "" : "s").append(" match\n");
            r.errors().forEach(e -> sb.append("  error: ").append(e).append('\n'));
            if (!r.matches().isEmpty()) {
                sb.append("  matches, most free capacity first:\n");
                Table t = new Table("    #", "POOL", "FREE", "TOTAL", "BACKEND", "ID");
                int rank = 1;
                for (PoolSpec p : r.matches()) {
                    t.row("    " + rank++, name(p), Formats.bytes(p.freeCapacityBytes()),
                            Formats.bytes(p.totalCapacityBytes()), p.backend() + " (" + p.driver() + ")", p.id());
                }
                sb.append(t.render());
            }
            if (!r.nonMatches().isEmpty()) {
                sb.append("  does not match:\n");
                for (NonMatch n : r.nonMatches()) {
                    sb.append("    ").append(name(n.pool())).append(" [").append(n.cell().name().toLowerCase(Locale.ROOT))
                            .append("] ").append(n.pool().id()).append('\n');
                    for (Reason reason : n.reasons()) {
                        sb.append("      - ").append(reason.message()).append('\n');
                    }
                }
            }
            r.blocker().ifPresent(b -> sb.append("  blocker: ").append(blocker(r)).append('\n'));
            sb.append(unsatisfiable(r));
            if (!r.suggestions().isEmpty()) {
                sb.append("  suggestions:\n");
                r.suggestions().forEach(s -> sb.append("    - ").append(s.message()).append('\n'));
            }
        }
        return sb.length() == 0 ? "no profiles\n" : sb.toString();
    }

    /** How pools are named in explanations (and in the matcher's own messages): dock/pool. */
    static String name(PoolSpec p) {
        return com.capreport.model.PoolNames.of(p);
    }
}
