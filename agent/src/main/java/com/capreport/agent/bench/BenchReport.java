package com.capreport.agent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bench's figures with the machine and the options they came from, as a table or as JSON. */
public record BenchReport(Map<String, String> machine, Map<String, String> options, List<Figure> figures) {
    /** Sections in the order the table shows them; figures keep their order within a section. */
    private static final List<String> SECTIONS = List.of("load", "writes", "latency", "liveness", "ingest", "matching",
            "footprint");

    public BenchReport {
        List<Figure> sorted = new ArrayList<>(figures);
        sorted.sort(java.util.Comparator.comparingInt(f -> {
            int i = SECTIONS.indexOf(f.section());
            return i < 0 ? SECTIONS.size() : i;
        }));
        figures = List.copyOf(sorted);
        machine = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(machine));
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** What the figures ran on: cores, memory, JVM, OS, etcd. */
    public static Map<String, String> describeMachine(String etcdVersion) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors() + " (" + cpuModel() + ")");
        m.put("memory", memTotal());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("maxHeap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("etcd", etcdVersion);
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the count alone
        }
        return "model unknown";
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1048576.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    /** The table: one row per figure, median/p99/max for distributions, the value for the rest. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "median", "p99", "max", "n", "unit", "goal", "verdict"});
        String section = null;
        List<Integer> breaks = new ArrayList<>();
        for (Figure f : figures) {
            if (!f.section().equals(section)) {
                section = f.section();
                breaks.add(rows.size());
            }
            String verdict = switch (f.verdict()) {
                case MET -> "met";
                case MISSED -> "MISSED";
                case NO_GOAL -> "";
            };
            if (f.stats().isPresent()) {
                Samples.Stats s = f.stats().get();
                rows.add(new String[] {f.name(), num(s.median()), num(s.p99()), num(s.max()), String.valueOf(s.count()),
                    f.unit(), f.goal(), verdict});
            } else {
                rows.add(new String[] {f.name(), num(f.value()), "", "", "", f.unit(), f.goal(), verdict});
            }
        }
        int[] w = new int[8];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        machine.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        sb.append("options: ");
        options.forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
        sb.setLength(sb.length() - 1);
        sb.append("\n\n");
        for (int r = 0; r < rows.size(); r++) {
            if (breaks.contains(r) && r > 1) {
                sb.append('\n');
            }
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                String cell = rows.get(r)[i];
                boolean right = i >= 1 && i <= 4;
                String pad = " ".repeat(w[i] - cell.length());
                line.append(right ? pad + cell : cell + pad).append("  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append('\n');
        for (Figure f : figures) {
            if (!f.note().isEmpty()) {
                sb.append("- ").append(f.name()).append(": ").append(f.note()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a == Math.rint(a) && a < 1e12) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    /** The same as JSON: machine, options, and figures with their numbers (null where not measured). */
    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode m = root.putObject("machine");
        machine.forEach(m::put);
        ObjectNode o = root.putObject("options");
        options.forEach(o::put);
        ArrayNode list = root.putArray("figures");
        for (Figure f : figures) {
            ObjectNode n = list.addObject();
            n.put("section", f.section());
            n.put("name", f.name());
            n.put("unit", f.unit());
            if (f.stats().isPresent()) {
                Samples.Stats s = f.stats().get();
                n.put("count", s.count());
                putNumber(n, "median", s.median());
                putNumber(n, "p99", s.p99());
                putNumber(n, "max", s.max());
            } else {
                putNumber(n, "value", f.value());
            }
            n.put("goal", f.goal());
            n.put("verdict", f.verdict().name().toLowerCase(Locale.ROOT));
            n.put("note", f.note());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }
}
