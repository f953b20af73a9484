package com.capreport.agent.bench;

import com.capreport.agent.etcd.EtcdConnection;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A manual runner for the ingest and agent-RSS phases until {@code capreport bench} calls them:
 * {@code BenchPhasesMain ENDPOINT [POOLS,POOLS… [PROFILES [RSS_SECONDS]]]} against an etcd you started.
 * Prints progress, then the figures. Run it with {@code -Xmx4g} (see the bench-ingest note).
 */
public final class BenchPhasesMain {
    private BenchPhasesMain() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args.length > 0 ? args[0] : "http://127.0.0.1:23790";
        String[] sizes = (args.length > 1 ? args[1] : "10000,100000").split(",");
        int profiles = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int rssSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        EtcdConnection etcd = EtcdConnection.plain(List.of(endpoint), "/capreport-bench");
        out.printf("JVM max heap %,d MiB, %d CPUs%s%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), IngestPhase.load());
        List<Figure> figures = new ArrayList<>();
        try {
            for (String s : sizes) {
                if (s.isBlank()) {
                    continue;
                }
                figures.addAll(new IngestPhase(etcd, out).run(Integer.parseInt(s.trim()), profiles));
            }
            if (rssSeconds > 0) {
                figures.addAll(new AgentRssPhase(etcd, out).run(Duration.ofSeconds(rssSeconds)));
            }
        } catch (Exception e) {
            out.println("bench: " + e.getMessage());
            System.exit(3);
        }
        out.println("done" + IngestPhase.load());
        out.println();
        for (Figure f : figures) {
            String value = f.stats().map(st -> String.format(Locale.ROOT, "median %10.2f  p99 %10.2f  max %10.2f  (n=%d)",
                    st.median(), st.p99(), st.max(), st.count()))
                    .orElse(String.format(Locale.ROOT, "%10.2f", f.value()));
            out.printf(Locale.ROOT, "%-10s %-78s %-7s %s%n           %s%n", f.section(), f.name(), f.unit(), value,
                    f.note());
        }
    }
}
