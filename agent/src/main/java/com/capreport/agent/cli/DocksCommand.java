package com.capreport.agent.cli;

import com.capreport.model.Estate;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code capreport docks}: every dock, alive / dead / stopped, with each report loop's health. */
@Command(name = "docks", mixinStandardHelpOptions = true,
        description = "Lists docks (alive, dead, stopped) and their report loops (running, error, backing off, dead thread).")
final class DocksCommand extends ReadCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Estate e = readEstate();
        spec.commandLine().getOut().print(json ? EstateRendering.docksJson(e) + "\n"
                : AlarmText.topLine(e.alarms()) + EstateRendering.docksTable(e, Instant.now()));
        spec.commandLine().getOut().flush();
        // An alarm is a problem found: etcd answers, but refuses every dock's writes.
        return e.alarms().isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEM;
    }
}
