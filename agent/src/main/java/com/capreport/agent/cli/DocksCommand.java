package com.capreport.agent.cli;

import com.capreport.model.Estate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code capreport docks}: every dock, alive / dead / stopped, with each report loop's health. */
@Command(name = "docks", mixinStandardHelpOptions = true,
        description = {"Lists docks (alive, dead, stopped) and their report loops (running, error, backing off, dead thread).",
            "Exit 1 when etcd has an alarm raised or entries under the prefix could not be read (a dock whose",
            "alive key is garbage shows as LIVENESS UNKNOWN, naming the key), or a dock is alive (unverified): its",
            "lease lives but its agent wrote no proof of life for two proof periods (someone may keep the lease alive)."})
final class DocksCommand extends ReadCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Estate e = readEstate();
        spec.commandLine().getOut().print(json ? EstateRendering.docksJson(e) + "\n"
                : AlarmText.topLine(e.alarms()) + EstateRendering.docksTable(e, Instant.now()));
        spec.commandLine().getOut().flush();
        if (!e.invalid().isEmpty()) {
            List<Estate.DockView> unknown = e.docks().stream()
                    .filter(d -> d.liveness() == Estate.Liveness.UNKNOWN).toList();
            String detail = unknown.isEmpty() ? "" : unknown.stream().map(d -> "dock " + d.dockId()
                    + ": its alive key " + d.unreadableAlive().orElseThrow().key() + " is not readable, liveness unknown")
                    .collect(java.util.stream.Collectors.joining("; ", " (", ")"));
            spec.commandLine().getErr().println(skippedLine("docks", e.invalid(), json, detail));
            spec.commandLine().getErr().flush();
        }
        List<Estate.DockView> unverified = e.docks().stream().filter(Estate.DockView::unverified).toList();
        if (!unverified.isEmpty()) {
            spec.commandLine().getErr().println("capreport docks: " + unverified.size() + " dock(s) alive (unverified): "
                    + unverified.stream().map(Estate.DockView::dockId).collect(java.util.stream.Collectors.joining(", "))
                    + " (exit 1)");
            spec.commandLine().getErr().flush();
        }
        // An alarm is a problem found: etcd answers, but refuses every dock's writes; so is an entry not read,
        // and a dock whose liveness rests on a lease nothing RBAC checks vouches for.
        return e.alarms().isEmpty() && e.invalid().isEmpty() && unverified.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEM;
    }
}
