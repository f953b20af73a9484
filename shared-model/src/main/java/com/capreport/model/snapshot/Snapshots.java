package com.capreport.model.snapshot;

import com.capreport.model.DockSpec;
import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.LoopStatus;
import com.capreport.model.ModelParseException;
import com.capreport.model.Snapshot;
import com.capreport.model.match.MatchJson;
import com.capreport.model.match.Matcher;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds snapshots from estates and reads snapshot files back. */
public final class Snapshots {
    private Snapshots() {
    }

    /**
     * What the estate could do at its revision: docks with liveness, loops, pools, profiles,
     * each profile's matching pools, and the entries that could not be read (key and error). {@code source} carries endpoints and prefix only — never
     * credentials, which the model does not even hold.
     */
    public static Snapshot of(Estate estate, List<String> endpoints, String prefix, Instant takenAt) {
        List<Snapshot.DockEntry> docks = new ArrayList<>();
        List<LoopStatus> loops = new ArrayList<>();
        for (Estate.DockView d : estate.docks()) {
            // A dock known only by its keys (no spec yet) still appears, so its pools have a dock.
            DockSpec spec = d.spec().orElseGet(() -> new DockSpec(d.dockId(), d.dockId(), null, null, null, List.of(),
                    null, null, null, null, null));
            docks.add(new Snapshot.DockEntry(spec, d.alive().isPresent(), d.alive().orElse(null)));
            loops.addAll(d.loops().values());
        }
        List<String> safe = endpoints.stream().map(Snapshots::withoutCredentials).toList();
        return new Snapshot(Snapshot.SCHEMA_VERSION, takenAt, new Snapshot.Source(safe, prefix, estate.revision()),
                docks, loops, estate.pools(), estate.profiles(),
                MatchJson.snapshotMatches(Matcher.evaluate(estate.profiles(), estate)), estate.invalid());
    }

    /** An endpoint URL without user information ({@code http://user:pw@host:2379} → {@code http://host:2379}). */
    static String withoutCredentials(String endpoint) {
        int scheme = endpoint.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int slash = endpoint.indexOf('/', start);
        int at = endpoint.lastIndexOf('@', slash < 0 ? endpoint.length() : slash);
        return at >= start ? endpoint.substring(0, start) + endpoint.substring(at + 1) : endpoint;
    }

    /**
     * Reads a snapshot file. A file that is not JSON, is truncated, is not a snapshot, or comes
     * from a schema this version does not know is refused with one line naming the file and,
     * where there is one, the position.
     */
    public static Snapshot read(byte[] bytes, String file) throws ModelParseException {
        if (bytes.length == 0) {
            throw new ModelParseException(file + ": empty file, expected a Capabilities Report snapshot (JSON)");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelParseException(file + ": not valid JSON (truncated or corrupt?): " + describe(e), e);
        } catch (IOException e) {
            throw new ModelParseException(file + ": " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ModelParseException(file + ": expected a JSON object (a Capabilities Report snapshot)");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new ModelParseException(file + ": not a Capabilities Report snapshot (no integer 'schemaVersion';"
                    + " export one with: capreport export --format json)");
        }
        int v = version.intValue();
        if (v > Snapshot.SCHEMA_VERSION) {
            throw new ModelParseException(file + ": snapshot schema version " + v + " is newer than this version reads ("
                    + Snapshot.SCHEMA_VERSION + "); open it with a newer capreport");
        }
        if (v < 1) {
            throw new ModelParseException(file + ": snapshot schema version " + v + " is not a known version (1 to "
                    + Snapshot.SCHEMA_VERSION + ")");
        }
        Snapshot s = Json.decode(bytes, Snapshot.class, file);
        check(s, file);
        return s;
    }

    /**
     * What the record types cannot say: every dock has a spec, matches name a profile, invalid entries
     * name a key, pool ids are unique.
     */
    static void check(Snapshot s, String file) throws ModelParseException {
        for (int i = 0; i < s.invalid().size(); i++) {
            if (s.invalid().get(i) == null || s.invalid().get(i).key() == null) {
                throw new ModelParseException(file + ": invalid[" + i + "]: 'key' is missing (each entry is"
                        + " {\"key\": …, \"error\": …})");
            }
        }
        for (int i = 0; i < s.docks().size(); i++) {
            if (s.docks().get(i) == null || s.docks().get(i).spec() == null) {
                throw new ModelParseException(file + ": docks[" + i + "]: the dock has no spec (expected a snapshot as"
                        + " written by capreport export)");
            }
        }
        for (int i = 0; i < s.matches().size(); i++) {
            if (s.matches().get(i) == null || s.matches().get(i).profileId() == null) {
                throw new ModelParseException(file + ": matches[" + i + "]: 'profileId' is missing");
            }
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < s.pools().size(); i++) {
            if (!ids.add(s.pools().get(i).id())) {
                throw new ModelParseException(file + ": pools[" + i + "]: pool id " + s.pools().get(i).id()
                        + " appears twice");
            }
        }
    }

    static String describe(com.fasterxml.jackson.core.JsonProcessingException e) {
        String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        // Jackson's "(start marker at [Source: REDACTED …; line: 1, column: 31])" repeats a position
        // in its own words; the position that matters (where the input ended) is appended below.
        msg = msg.replaceAll("(?s)\\s*\\(start marker at \\[Source:.*?\\]\\)", "");
        msg = msg.replaceAll("\\s+", " ").trim();
        if (msg.length() > 160) {
            msg = msg.substring(0, 157) + "…";
        }
        com.fasterxml.jackson.core.JsonLocation loc = e.getLocation();
        return loc != null && loc.getLineNr() > 0
                ? msg + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")" : msg;
    }

    /** The pretty JSON of a snapshot, as exported. */
    public static byte[] encode(Snapshot snapshot) {
        return (Json.pretty(snapshot) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
