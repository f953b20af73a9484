package com.capreport.agent.cli;

import com.capreport.model.Estate;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code capreport pools}: every pool etcd holds now, with its status and its dock's liveness. */
@Command(name = "pools", mixinStandardHelpOptions = true,
        description = {"Lists every pool in etcd with status; pools of a dead dock or dead loop show as stale.",
            "Exit 1 when entries under the prefix could not be read (counted on stderr, listed with key and error)."})
final class PoolsCommand extends ReadCommand implements Callable<Integer> {
    @Option(names = "--dock", paramLabel = "ID", description = "only this dock's pools")
    String dock;

    @Option(names = "--backend", paramLabel = "NAME", description = "only this backend's pools")
    String backend;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Estate e = readEstate();
        if (dock != null || backend != null) {
            // With --dock, only that dock's unreadable keys concern the answer; a key names no backend.
            String under = dock == null ? null : etcd.connection().layout().dockPrefix(dock);
            e = new Estate(e.revision(), e.docks(), e.pools().stream()
                    .filter(p -> dock == null || p.dockId().equals(dock))
                    .filter(p -> backend == null || p.backend().equals(backend)).toList(), e.profiles(),
                    e.invalid().stream().filter(i -> under == null || i.key().startsWith(under)).toList())
                    .withAlarms(e.alarms());
        }
        spec.commandLine().getOut().print(json ? EstateRendering.poolsJson(e) + "\n"
                : EstateRendering.poolsTable(e, Instant.now()));
        spec.commandLine().getOut().flush();
        if (!e.invalid().isEmpty()) {
            // Skipped entries may be pools: the list above is not the whole answer.
            spec.commandLine().getErr().println(skippedLine("pools", e.invalid(), json, ""));
            spec.commandLine().getErr().flush();
            return ExitCodes.PROBLEM;
        }
        return ExitCodes.OK;
    }
}
