package com.capreport.dashboard.docks;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.model.Estate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A loop's "State since" across a reload after an etcd outage, and across a real change. */
class LoopSincesTest {
    private static final Instant T0 = Instant.parse("2026-12-05T06:00:00Z");
    private static final Optional<Instant> PROCESS = Optional.of(T0.minusSeconds(600));

    private static DockEntry.Dock dock(Estate.LoopHealth h, Instant since, Optional<Instant> process) {
        DockEntry.Loop l = new DockEntry.Loop("node-1", "lvm-1", "sim", h, Optional.empty(), Optional.empty(),
                Optional.of(since), 0, 1, Optional.empty(), Optional.empty(), Optional.empty());
        return new DockEntry.Dock("node-1", "node-1", "h", "", "az1", "0.1", Estate.Liveness.ALIVE, process,
                Optional.empty(), List.of(l), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Optional<Instant> since(DockEntry.Dock d) {
        return d.loops().get(0).since();
    }

    @Test
    void aLoopInTheSameStateAcrossAReloadKeepsItsSinceAChangeOrAnotherProcessStartsANewOne() {
        LoopSinces s = new LoopSinces();
        Instant error = T0.plusSeconds(60);
        assertThat(since(s.keep(dock(Estate.LoopHealth.ERROR, error, PROCESS)))).contains(error);
        // The outage: the dock's leases expired (dock down), it re-registered (first report), and the
        // agent restarted its since after backing off: still the same error, since the same time.
        s.keep(dock(Estate.LoopHealth.DOCK_DOWN, error, PROCESS));
        s.keep(dock(Estate.LoopHealth.STARTING, T0.plusSeconds(3600), PROCESS));
        assertThat(since(s.keep(dock(Estate.LoopHealth.ERROR, T0.plusSeconds(3610), PROCESS)))).contains(error);
        // It reports again: a new state, a new since; failing again later is a new error.
        Instant ok = T0.plusSeconds(3700);
        assertThat(since(s.keep(dock(Estate.LoopHealth.RUNNING, ok, PROCESS)))).contains(ok);
        Instant again = T0.plusSeconds(3800);
        assertThat(since(s.keep(dock(Estate.LoopHealth.ERROR, again, PROCESS)))).contains(again);
        // A restarted agent (another process) is not the same loop run.
        Instant restarted = T0.plusSeconds(3900);
        assertThat(since(s.keep(dock(Estate.LoopHealth.ERROR, restarted, Optional.of(T0.plusSeconds(3890))))))
                .contains(restarted);
    }
}
