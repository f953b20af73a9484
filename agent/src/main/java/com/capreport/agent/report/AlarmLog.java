package com.capreport.agent.report;

import com.capreport.agent.etcd.EtcdFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one voice about an etcd alarm: every thread of a dock (heartbeat, each backend's
 * loop) hears etcd refuse its writes, and the log says so once per alarm, loudly, with what to do;
 * once a write goes through again, once more that it is over. Not every retry, not once per thread.
 */
final class AlarmLog {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmLog.class);

    private final String dockId;
    private final Clock clock;
    private EtcdFailure raised;
    private Instant since;

    AlarmLog(String dockId, Clock clock) {
        this.dockId = dockId;
        this.clock = clock;
    }

    /** etcd refused a write with {@code failure} (an alarm); logs when this alarm is new. */
    synchronized void refused(EtcdFailure failure, String message) {
        if (failure == raised) {
            return;
        }
        raised = failure;
        since = clock.instant();
        LOG.error("dock {}: {} — nothing this dock reports reaches etcd until the alarm is cleared (its pools and "
                + "loop statuses in etcd stay at their last values); the agent keeps polling and re-publishes once "
                + "etcd accepts writes", dockId, message);
    }

    /** A write went through: the alarm, if one was logged, is over. */
    synchronized void wrote() {
        if (raised == null) {
            return;
        }
        LOG.warn("dock {}: etcd accepts writes again ({} alarm over after {}); re-publishing", dockId,
                raised == EtcdFailure.NO_SPACE ? "NOSPACE" : raised.name(),
                com.capreport.model.Durations.format(Duration.between(since, clock.instant()).withNanos(0)));
        raised = null;
        since = null;
    }

    /** The alarm etcd refused the last write with, while no write went through since. */
    synchronized Optional<EtcdFailure> raised() {
        return Optional.ofNullable(raised);
    }
}
