package com.capreport.agent.cli;

import com.capreport.model.BackendRef;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.Estate;
import com.capreport.model.EtcdKey;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
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

    static String docksTable(Estate e, Instant now) {
        return docksTable(e, now, Map.of());
    }

    /**
     * The docks whose {@code alive} key holds something that is not an alive document: dock id →
     * that invalid entry. Their liveness is unknown (the key exists, so the dock is not known dead).
     */
    static Map<String, Estate.InvalidEntry> unreadableAlive(Estate e, KeyLayout layout) {
        Map<String, Estate.InvalidEntry> out = new java.util.TreeMap<>();
        for (Estate.InvalidEntry i : e.invalid()) {
            if (layout.parse(i.key()) instanceof EtcdKey.Alive a) {
                out.put(a.dockId(), i);
            }
        }
        return out;
    }

    private static String unknownLiveness(Estate.InvalidEntry bad) {
        return "LIVENESS UNKNOWN (its alive key " + bad.key() + " is not readable: " + bad.error() + ")";
    }

    static String docksTable(Estate e, Instant now, Map<String, Estate.InvalidEntry> badAlive) {
        StringBuilder sb = new StringBuilder();
        if (e.docks().isEmpty() && badAlive.isEmpty()) {
            sb.append("no docks under this prefix\n");
        }
        for (Map.Entry<String, Estate.InvalidEntry> b : badAlive.entrySet()) {
            if (e.dock(b.getKey()).isEmpty()) {
                sb.append("dock ").append(b.getKey()).append(": ").append(unknownLiveness(b.getValue())).append('\n');
            }
        }
        for (Estate.DockView d : e.docks()) {
            Optional<DockSpec> spec = d.spec();
            String live = badAlive.containsKey(d.dockId()) ? unknownLiveness(badAlive.get(d.dockId())) : switch (d.liveness()) {
                case ALIVE -> "alive (" + d.alive().get().describe() + ")";
                case STOPPED -> "stopped " + Formats.age(spec.get().stoppedAt(), now);
                // One read cannot see when alive expired: say what the time shown is.
                case DEAD -> "DEAD (its alive key expired without a stop; when is not recorded in etcd — last"
                        + " report " + e.lastReportedAt(d.dockId()).map(t -> com.capreport.model.Instants.utc(t) + ", " + Formats.age(t, now))
                        .orElse("never") + ")";
            };
            sb.append("dock ").append(d.dockId()).append(": ").append(live);
            spec.ifPresent(s -> sb.append(", host ").append(s.host()).append(", AZ ").append(s.availabilityZone())
                    .append(s.endpoint().isEmpty() ? "" : ", gRPC " + s.endpoint()).append(", agent ")
                    .append(s.agentVersion()));
            sb.append('\n');
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
            case DOCK_DOWN, STOPPED -> "";
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
        return docksJson(e, Map.of());
    }

    static String docksJson(Estate e, Map<String, Estate.InvalidEntry> badAlive) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("revision", e.revision());
        ArrayNode docks = root.putArray("docks");
        for (Map.Entry<String, Estate.InvalidEntry> b : badAlive.entrySet()) {
            if (e.dock(b.getKey()).isEmpty()) {
                ObjectNode n = docks.addObject();
                n.put("id", b.getKey());
                n.put("liveness", "unknown");
                n.set("aliveInvalid", Json.tree(b.getValue()));
                n.putNull("spec");
                n.putNull("alive");
                n.putArray("loops");
            }
        }
        for (Estate.DockView d : e.docks()) {
            ObjectNode n = docks.addObject();
            n.put("id", d.dockId());
            n.put("liveness", badAlive.containsKey(d.dockId()) ? "unknown"
                    : d.liveness().name().toLowerCase(java.util.Locale.ROOT));
            if (badAlive.containsKey(d.dockId())) {
                n.set("aliveInvalid", Json.tree(badAlive.get(d.dockId())));
            }
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
