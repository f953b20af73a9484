package com.capreport.agent.etcd;

import com.capreport.model.EtcdAlarm;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.AlarmMember;
import io.etcd.jetcd.maintenance.AlarmType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * etcd's alarm list, read through the Maintenance API ({@code etcdctl alarm list}), as typed
 * {@link EtcdAlarm}s. While one is raised etcd refuses writes: readers say so loudly and show every
 * value as possibly frozen.
 */
public final class EtcdAlarms {
    private EtcdAlarms() {
    }

    /** The alarms raised now (empty: none). */
    public static List<EtcdAlarm> list(Client client, Duration timeout) throws EtcdUnavailableException,
            InterruptedException {
        List<EtcdAlarm> out = new ArrayList<>();
        for (AlarmMember m : EtcdClients.await(client.getMaintenanceClient().listAlarms(), timeout, "list etcd alarms")
                .getAlarms()) {
            kind(m.getAlarmType()).ifPresent(k -> out.add(new EtcdAlarm(k, m.getMemberId(), Optional.empty())));
        }
        return List.copyOf(out);
    }

    /**
     * jetcd 0.8.7 names only NONE and NOSPACE and maps etcd's CORRUPT (the only other alarm etcd
     * 3.4/3.5 has) to UNRECOGNIZED: an unnamed alarm is reported as CORRUPT, never dropped.
     */
    static Optional<EtcdAlarm.Kind> kind(AlarmType t) {
        return switch (t) {
            case NONE -> Optional.empty();
            case NOSPACE -> Optional.of(EtcdAlarm.Kind.NOSPACE);
            case UNRECOGNIZED -> Optional.of(EtcdAlarm.Kind.CORRUPT);
        };
    }

    /** The alarm a refused write means, if it is one. */
    public static Optional<EtcdAlarm.Kind> of(EtcdFailure failure) {
        return switch (failure) {
            case NO_SPACE -> Optional.of(EtcdAlarm.Kind.NOSPACE);
            case CORRUPT -> Optional.of(EtcdAlarm.Kind.CORRUPT);
            default -> Optional.empty();
        };
    }

    /**
     * Clears every NOSPACE alarm ({@code etcdctl alarm disarm}): the last step of the recovery, after
     * compacting and defragmenting freed space below the quota (etcd raises it again otherwise).
     * Returns how many were cleared. CORRUPT is not cleared here: jetcd cannot name it, and it needs
     * the member repaired first (see docs/troubleshooting.md).
     */
    public static int disarmNoSpace(Client client, Duration timeout) throws EtcdUnavailableException,
            InterruptedException {
        int n = 0;
        for (AlarmMember m : EtcdClients.await(client.getMaintenanceClient().listAlarms(), timeout, "list etcd alarms")
                .getAlarms()) {
            if (m.getAlarmType() == AlarmType.NOSPACE) {
                EtcdClients.await(client.getMaintenanceClient().alarmDisarm(m), timeout, "disarm etcd alarm");
                n++;
            }
        }
        return n;
    }
}
