package com.capreport.dashboard;

import com.capreport.dashboard.common.Formats;
import com.capreport.model.EtcdAlarm;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The banner's words while etcd has an alarm raised: etcd answers (so the outage banner stays
 * away), yet refuses every write, so docks look alive and pools keep their last values. Said once,
 * at the top, with since when and what to do.
 */
final class AlarmBanner {
    private AlarmBanner() {
    }

    static String text(List<EtcdAlarm> alarms, Instant now) {
        String which = alarms.stream().map(a -> a.words() + a.since().map(t -> " since " + Formats.liveClockAndAge(t, now))
                .orElse("")).collect(Collectors.joining("; "));
        String meaning = alarms.stream().map(a -> a.kind().meaning()).distinct().collect(Collectors.joining("; "));
        boolean noSpace = alarms.stream().anyMatch(a -> a.kind() == EtcdAlarm.Kind.NOSPACE);
        return "etcd refuses writes: alarm " + which + " (" + meaning + "). No dock's report reaches etcd: docks look "
                + "alive, but every pool and loop value may be frozen — pools show \"not current\". "
                + (noSpace ? "Recover: compact, defragment, then etcdctl alarm disarm (docs/troubleshooting.md)."
                        : "See docs/troubleshooting.md.");
    }
}
