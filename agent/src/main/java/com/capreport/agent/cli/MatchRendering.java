package com.capreport.agent.cli;

import com.capreport.model.PoolSpec;
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
        Table t = new Table("PROFILE", "STATUS", "MATCHES", "BLOCKER", "SUGGESTION");
        for (ProfileReport r : reports) {
            String suggestion = !r.errors().isEmpty() ? r.errors().get(0)
                    : r.suggestions().stream().findFirst().map(Suggestion::message).orElse("");
            t.row(r.profile().id(), verdict(r), r.matches().size() + " of " + (r.matches().size()
                    + r.nonMatches().size()), blocker(r), suggestion);
        }
        return t.size() == 0 ? "no profiles under this prefix\n" : t.render();
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
            if (!r.suggestions().isEmpty()) {
                sb.append("  suggestions:\n");
                r.suggestions().forEach(s -> sb.append("    - ").append(s.message()).append('\n'));
            }
        }
        return sb.length() == 0 ? "no profiles\n" : sb.toString();
    }

    /** How pools are named in explanations (and in the matcher's own messages): dock/pool. */
    static String name(PoolSpec p) {
        return p.dockId() + "/" + p.name();
    }
}
