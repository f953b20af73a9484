package com.capreport.agent.cli;

import com.capreport.model.BackendRef;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolSpec;
import com.capreport.model.PoolStanding;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The {@code pools} and {@code docks} views of an {@link Estate}, as text tables and as JSON. */
final class EstateRendering {
    private EstateRendering() {
    }

    static String poolsTable(Estate e, Instant now) {
        Table t = new Table("NAME", "DOCK", "BACKEND", "TYPE", "AZ", "STATUS", "USED", "FREE", "TOTAL", "CHANGED");
        Function<PoolSpec, PoolStanding> standing = PoolStanding.resolver(e);
        for (PoolSpec p : e.pools()) {
            String status = standing.apply(p).words();
            t.row(p.name(), p.dockId(), p.backend(), p.storageType(), p.availabilityZone(), status,
                    Formats.percent(p.usedFraction()), Formats.bytes(p.freeCapacityBytes()),
                    Formats.bytes(p.totalCapacityBytes()), Formats.age(p.updatedAt(), now));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(t.size() == 0 ? "no pools under this prefix\n" : t.render());
        appendInvalid(e, sb);
        return sb.toString();
    }

    private static String unknownLiveness(Estate.InvalidEntry bad) {
        return "LIVENESS UNKNOWN (its alive key " + bad.key() + " is not readable: " + bad.error() + ")";
    }

    /** One line per dock with its liveness (the model's: an unreadable alive is unknown, not dead), then its loops. */
    static String docksTable(Estate e, Instant now) {
        StringBuilder sb = new StringBuilder();
        if (e.docks().isEmpty()) {
            sb.append("no docks under this prefix\n");
        }
        for (Estate.DockView d : e.docks()) {
            Optional<DockSpec> spec = d.spec();
            String live = switch (d.liveness()) {
                // A lease anyone authenticated may keep alive is no proof: say so, never plain "alive".
                case ALIVE -> d.unverified() ? com.capreport.model.ProofTexts.unverifiedLine(d) + ", held by "
                        + d.alive().get().describe() : "alive (" + d.alive().get().describe() + ")";
                case STOPPED -> "stopped " + Formats.age(spec.get().stoppedAt(), now);
                // One read cannot see when alive expired: say what the time shown is.
                case DEAD -> "DEAD (its alive key expired without a stop; when is not recorded in etcd — last"
                        + " report " + e.lastReportedAt(d.dockId()).map(t -> com.capreport.model.Instants.utc(t) + ", " + Formats.age(t, now))
                        .orElse("never") + ")";
                case UNKNOWN -> unknownLiveness(d.unreadableAlive().orElseThrow());
            };
            sb.append("dock ").append(d.dockId()).append(": ").append(live);
            spec.ifPresent(s -> sb.append(", host ").append(s.host()).append(", AZ ").append(s.availabilityZone())
                    .append(s.endpoint().isEmpty() ? "" : ", gRPC " + s.endpoint()).append(", agent ")
                    .append(s.agentVersion()));
            sb.append('\n');
            if (d.loopHealth().isEmpty()) {
                continue; // a dock known only by its (unreadable) alive key: no loop to list
            }
            Table t = new Table("  LOOP", "DRIVER", "STATE", "POOLS", "SINCE", "REPORTING", "LAST ERROR");
            for (Map.Entry<String, Estate.LoopHealth> l : d.loopHealth().entrySet()) {
                LoopStatus s = d.loops().get(l.getKey());
                String driver = s != null ? s.driver() : spec.flatMap(sp -> sp.backends().stream()
                        .filter(b -> b.name().equals(l.getKey())).map(BackendRef::driver).findFirst()).orElse("");
                t.row("  " + l.getKey(), driver, l.getValue().words(), s == null ? "" : s.poolCount(),
                        s == null ? "" : Formats.age(s.since(), now), reporting(d, l.getValue(), s, now),
                        s == null || s.lastError() == null ? "" : s.lastError());
            }
            sb.append(t.render());
        }
        appendInvalid(e, sb);
        return sb.toString();
    }

    /**
     * What the loop key proves. The agent rewrites the status only when it changes, but renews the
     * key's lease after each finished cycle: a key that exists was renewed within the lease TTL.
     */
    static String reporting(Estate.DockView d, Estate.LoopHealth h, LoopStatus s, Instant now) {
        String ttl = d.alive().flatMap(DockAlive::lease).map(x -> "≤ " + x.toSeconds() + " s ago")
                .orElse("within its TTL");
        return switch (h) {
            case RUNNING -> "lease renewed " + ttl;
            case STARTING -> "first cycle running";
            case ERROR, BACKING_OFF -> s == null || s.lastSuccessAt() == null ? "no success yet"
                    : "last success " + Formats.age(s.lastSuccessAt(), now);
            case DEAD_THREAD -> "lease expired while the dock is alive";
            case SILENT -> "lease expired just now";
            case DOCK_DOWN, DOCK_LIVENESS_UNKNOWN, STOPPED -> "";
        };
    }

    private static void appendInvalid(Estate e, StringBuilder sb) {
        if (!e.invalid().isEmpty()) {
            sb.append("\n").append(e.invalid().size()).append(" invalid entr")
                    .append(e.invalid().size() == 1 ? "y" : "ies").append(" (ignored):\n");
            // Each line names its key: most errors do already ("pool key …: …"), a layout error does not.
            e.invalid().forEach(i -> sb.append("  ").append(i.error().contains(i.key()) ? i.error() : i.key() + ": " + i.error())
                    .append('\n'));
        }
    }

    static String poolsJson(Estate e) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("revision", e.revision());
        ArrayNode pools = root.putArray("pools");
        Function<PoolSpec, PoolStanding> standing = PoolStanding.resolver(e);
        for (PoolSpec p : e.pools()) {
            ObjectNode n = (ObjectNode) Json.tree(p);
            PoolStanding st = standing.apply(p);
            n.put("effectiveStatus", st.words());
            n.put("standing", st.kind().name().toLowerCase(java.util.Locale.ROOT));
            pools.add(n);
        }
        root.set("invalid", Json.tree(e.invalid()));
        return Json.pretty(root);
    }

    static String docksJson(Estate e) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("revision", e.revision());
        ArrayNode docks = root.putArray("docks");
        for (Estate.DockView d : e.docks()) {
            ObjectNode n = docks.addObject();
            n.put("id", d.dockId());
            n.put("liveness", d.liveness().name().toLowerCase(java.util.Locale.ROOT));
            n.put("proofOfLife", d.proofOfLife().name().toLowerCase(java.util.Locale.ROOT));
            n.put("unverified", d.unverified());
            n.set("proof", d.proof().map(Json::tree).orElse(null));
            d.unreadableAlive().ifPresent(bad -> n.set("aliveInvalid", Json.tree(bad)));
            n.set("spec", d.spec().map(Json::tree).orElse(null));
            n.set("alive", d.alive().map(Json::tree).orElse(null));
            ArrayNode loops = n.putArray("loops");
            d.loopHealth().forEach((backend, health) -> {
                ObjectNode l = loops.addObject();
                l.put("backend", backend);
                l.put("health", health.name().toLowerCase(java.util.Locale.ROOT));
                l.set("status", d.loops().containsKey(backend) ? Json.tree(d.loops().get(backend)) : null);
            });
        }
        root.set("invalid", Json.tree(e.invalid()));
        ArrayNode alarms = root.putArray("etcdAlarms");
        e.alarms().forEach(a -> alarms.addObject().put("alarm", a.kind().name()).put("memberId", Long.toHexString(a.memberId())));
        return Json.pretty(root);
    }
}
