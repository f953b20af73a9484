package com.capreport.model.match;

import com.capreport.model.Json;
import com.capreport.model.Snapshot;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON shape of match results ({@code capreport match --json}, {@code profiles check --json}):
 * {@code {"profiles":[{"id","name","matches":[poolId…],"nonMatches":[{"pool","reasons":[…]}],
 * "blocker","suggestions":[…],"errors":[…]}]}}.
 */
public final class MatchJson {
    private MatchJson() {
    }

    public static ObjectNode tree(List<ProfileReport> reports) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode profiles = root.putArray("profiles");
        for (ProfileReport r : reports) {
            ObjectNode p = profiles.addObject();
            p.put("id", r.profile().id());
            p.put("name", r.profile().name());
            p.put("satisfiable", r.satisfiable());
            p.put("threshold", r.profile().threshold());
            ArrayNode matches = p.putArray("matches");
            r.matches().forEach(m -> matches.add(m.id()));
            ArrayNode non = p.putArray("nonMatches");
            for (NonMatch n : r.nonMatches()) {
                ObjectNode o = non.addObject();
                o.put("pool", n.pool().id());
                o.put("name", MatchBook.name(n.pool()));
                o.put("cell", n.cell().name().toLowerCase(java.util.Locale.ROOT));
                ArrayNode reasons = o.putArray("reasons");
                n.reasons().forEach(x -> reasons.add(x.message()));
            }
            r.blocker().ifPresentOrElse(b -> {
                ObjectNode o = p.putObject("blocker");
                o.put("path", b.path());
                o.put("expression", b.expression());
                o.put("pools", b.pools());
            }, () -> p.putNull("blocker"));
            ArrayNode excluding = p.putArray("excludingAll");
            for (Blocker b : r.excludingAll()) {
                excluding.addObject().put("path", b.path()).put("expression", b.expression()).put("pools", b.pools());
            }
            ArrayNode closest = p.putArray("closest");
            for (NearMiss m : r.closest()) {
                ObjectNode o = closest.addObject().put("pool", m.pool().id()).put("name", MatchBook.name(m.pool()));
                ArrayNode lacks = o.putArray("lacks");
                m.lacks().forEach(lacks::add);
            }
            ArrayNode suggestions = p.putArray("suggestions");
            r.suggestions().forEach(s -> suggestions.add(s.message()));
            ArrayNode errors = p.putArray("errors");
            r.errors().forEach(errors::add);
        }
        return root;
    }

    /** The {@code matches[]} of a snapshot: profile → the pools that satisfied it. */
    public static List<Snapshot.ProfileMatches> snapshotMatches(List<ProfileReport> reports) {
        return reports.stream().map(r -> new Snapshot.ProfileMatches(r.profile().id(), r.matchIds())).toList();
    }
}
