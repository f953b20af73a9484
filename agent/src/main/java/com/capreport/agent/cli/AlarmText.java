package com.capreport.agent.cli;

import com.capreport.model.EtcdAlarm;
import java.util.List;

/** The CLI's words for raised etcd alarms: one line at the top of {@code docks}, loud and with what to do. */
final class AlarmText {
    private AlarmText() {
    }

    /** "ETCD ALARM NOSPACE on member …: …" followed by a newline; empty when none is raised. */
    static String topLine(List<EtcdAlarm> alarms) {
        if (alarms.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("ETCD ALARM ");
        for (int i = 0; i < alarms.size(); i++) {
            EtcdAlarm a = alarms.get(i);
            sb.append(i == 0 ? "" : "; ").append(a.words()).append(" (").append(a.kind().meaning()).append(')');
        }
        return sb.append(": etcd refuses writes, so no dock's report reaches it; every value below may be frozen "
                + "(docks look alive, pools keep their last values). Recover: docs/troubleshooting.md, "
                + "\"etcd refuses writes\"\n").toString();
    }
}
