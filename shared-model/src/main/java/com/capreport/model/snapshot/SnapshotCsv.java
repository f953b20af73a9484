package com.capreport.model.snapshot;

import com.capreport.model.Estate;
import com.capreport.model.Extras;
import com.capreport.model.Json;
import com.capreport.model.PoolSpec;
import com.capreport.model.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The pools of a snapshot as one flat CSV (RFC 4180: comma, CRLF, fields quoted when they hold a
 * comma, quote or line break, quotes doubled). One row per pool; fixed columns first, then one
 * column per capability path any pool reports, sorted, so two exports of the same estate have the
 * same columns in the same order. Lists and groups are written as JSON.
 *
 * <p>Text that a spreadsheet would run as a formula (starting with {@code = + - @}, tab or CR) is
 * prefixed with a single quote (OWASP "CSV injection"): pool names come from backends.
 */
public final class SnapshotCsv {
    /** The fixed columns, before the capability paths. */
    public static final List<String> FIXED = List.of("id", "dockId", "backend", "driver", "name", "nativeId",
            "storageType", "status", "liveStatus", "availabilityZone", "totalCapacityBytes", "freeCapacityBytes",
            "totalCapacity", "freeCapacity", "updatedAt");

    private SnapshotCsv() {
    }

    /** The header: fixed columns, then {@code extras.…} paths sorted. */
    public static List<String> columns(Snapshot snapshot) {
        TreeSet<String> paths = new TreeSet<>();
        for (PoolSpec p : snapshot.pools()) {
            for (String leaf : Extras.leafPaths(p.extras())) {
                paths.add("extras." + leaf);
            }
        }
        List<String> out = new ArrayList<>(FIXED);
        out.addAll(paths);
        return out;
    }

    public static void write(Snapshot snapshot, Writer out) {
        List<String> columns = columns(snapshot);
        Estate estate = Estate.fromSnapshot(snapshot);
        java.util.function.Function<PoolSpec, com.capreport.model.PoolStanding> standing =
                com.capreport.model.PoolStanding.resolver(estate);
        try {
            row(out, columns);
            List<String> cells = new ArrayList<>(columns.size());
            for (PoolSpec p : estate.pools()) {
                cells.clear();
                cells.add(p.id());
                cells.add(p.dockId());
                cells.add(p.backend());
                cells.add(p.driver());
                cells.add(p.name());
                cells.add(p.nativeId());
                cells.add(p.storageType());
                cells.add(p.status().wire());
                cells.add(standing.apply(p).words());
                cells.add(p.availabilityZone());
                cells.add(Long.toString(p.totalCapacityBytes()));
                cells.add(Long.toString(p.freeCapacityBytes()));
                cells.add(Long.toString(p.totalCapacity()));
                cells.add(Long.toString(p.freeCapacity()));
                cells.add(p.updatedAt() == null ? "" : p.updatedAt().toString());
                for (int i = FIXED.size(); i < columns.size(); i++) {
                    String path = columns.get(i).substring("extras.".length());
                    cells.add(Extras.lookup(p.extras(), path).map(r -> cell(r.value())).orElse(""));
                }
                row(out, cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return Json.encodeString(value);
        }
        return String.valueOf(value);
    }

    private static void row(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(cells.get(i)));
        }
        out.write("\r\n");
    }

    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !isNumber(v)) {
            v = "'" + v;
        }
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    private static boolean isNumber(String v) {
        return v.matches("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    }
}
