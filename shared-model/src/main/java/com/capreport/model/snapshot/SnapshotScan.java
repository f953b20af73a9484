package com.capreport.model.snapshot;

import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.LoopStatus;
import com.capreport.model.ModelParseException;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.capreport.model.Snapshot;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Reads a snapshot file as a stream: every pool is handed to a {@link PoolSink} as soon as it is
 * decoded, with its byte range in the file, and is not kept; everything else (docks, loops,
 * profiles, matches, invalid entries: small next to the pools) is returned as a {@link Snapshot} without pools.
 * Memory is bounded by one pool, not by the file (issue 13: a diff of two 200 MB snapshots).
 * The checks and messages are those of {@link Snapshots#read}.
 */
public final class SnapshotScan {
    private SnapshotScan() {
    }

    /** Receives each pool in file order, with {@code [start, end)} its bytes in the file. */
    @FunctionalInterface
    public interface PoolSink {
        void pool(int index, PoolSpec pool, long start, long end) throws ModelParseException;
    }

    /** Streams {@code in} (named {@code file} in errors); returns the snapshot without its pools. */
    public static Snapshot scan(InputStream in, String file, PoolSink sink) throws ModelParseException, IOException {
        ObjectMapper m = Json.mapper();
        try (JsonParser p = m.getFactory().createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ModelParseException(file + ": empty file, expected a Capabilities Report snapshot (JSON)");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ModelParseException(file + ": expected a JSON object (a Capabilities Report snapshot)");
            }
            Integer version = null;
            Instant takenAt = null;
            Snapshot.Source source = null;
            List<Snapshot.DockEntry> docks = List.of();
            List<LoopStatus> loops = List.of();
            List<ProfileSpec> profiles = List.of();
            List<Snapshot.ProfileMatches> matches = List.of();
            List<Estate.InvalidEntry> invalid = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                try {
                    switch (field) {
                        case "schemaVersion" -> {
                            if (!value.isNumeric() || p.getNumberType() != JsonParser.NumberType.INT) {
                                throw notASnapshot(file);
                            }
                            version = p.getIntValue();
                            checkVersion(version, file);
                        }
                        case "takenAt" -> takenAt = value(m, p, m.constructType(Instant.class));
                        case "source" -> source = value(m, p, m.constructType(Snapshot.Source.class));
                        case "docks" -> docks = orEmpty(value(m, p, list(m, Snapshot.DockEntry.class)));
                        case "loops" -> loops = orEmpty(value(m, p, list(m, LoopStatus.class)));
                        case "profiles" -> profiles = orEmpty(value(m, p, list(m, ProfileSpec.class)));
                        case "matches" -> matches = orEmpty(value(m, p, list(m, Snapshot.ProfileMatches.class)));
                        case "invalid" -> invalid = orEmpty(value(m, p, list(m, Estate.InvalidEntry.class)));
                        case "pools" -> pools(p, m, file, sink);
                        default -> p.skipChildren(); // unknown fields are ignored, as Json.decode does
                    }
                } catch (JsonMappingException e) {
                    throw mapping(file, field, e);
                }
            }
            if (version == null) {
                throw notASnapshot(file);
            }
            if (p.nextToken() != null) {
                throw new ModelParseException(file + ": unexpected content after the snapshot's closing '}' (line "
                        + p.currentTokenLocation().getLineNr() + ")");
            }
            Snapshot s = new Snapshot(version, takenAt, source, docks, loops, List.of(), profiles, matches, invalid);
            Snapshots.check(s, file);
            return s;
        } catch (JsonProcessingException e) {
            throw new ModelParseException(file + ": not valid JSON (truncated or corrupt?): " + Snapshots.describe(e), e);
        }
    }

    private static void pools(JsonParser p, ObjectMapper m, String file, PoolSink sink)
            throws IOException, ModelParseException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new ModelParseException(file + ": pools: expected a list of pools");
        }
        int i = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
            if (t != JsonToken.START_OBJECT) {
                throw new ModelParseException(file + ": pools[" + i + "]: expected a pool (a JSON object)");
            }
            long start = p.currentTokenLocation().getByteOffset();
            PoolSpec pool;
            try {
                pool = value(m, p, m.constructType(PoolSpec.class));
            } catch (JsonMappingException e) {
                throw mapping(file, "pools[" + i + "]", e);
            }
            sink.pool(i, pool, start, p.currentLocation().getByteOffset());
        }
    }

    /** A value of the wrong shape names its field; a syntax error inside it (truncated, corrupt) is said as such. */
    private static ModelParseException mapping(String file, String field, JsonMappingException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonParseException syntax) {
                return new ModelParseException(file + ": not valid JSON (truncated or corrupt?): "
                        + Snapshots.describe(syntax), e);
            }
        }
        return new ModelParseException(file + ": " + field + ": " + Snapshots.describe(e), e);
    }

    private static void checkVersion(int v, String file) throws ModelParseException {
        if (v > Snapshot.SCHEMA_VERSION) {
            throw new ModelParseException(file + ": snapshot schema version " + v + " is newer than this version reads ("
                    + Snapshot.SCHEMA_VERSION + "); open it with a newer capreport");
        }
        if (v < 1) {
            throw new ModelParseException(file + ": snapshot schema version " + v + " is not a known version (1 to "
                    + Snapshot.SCHEMA_VERSION + ")");
        }
    }

    private static ModelParseException notASnapshot(String file) {
        return new ModelParseException(file + ": not a Capabilities Report snapshot (no integer 'schemaVersion';"
                + " export one with: capreport export --format json)");
    }

    /** One value of the stream: what follows it is the rest of the file, not a trailing token. */
    private static <T> T value(ObjectMapper m, JsonParser p, JavaType type) throws IOException {
        return m.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(p);
    }

    private static JavaType list(ObjectMapper m, Class<?> element) {
        return m.getTypeFactory().constructCollectionType(List.class, element);
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
