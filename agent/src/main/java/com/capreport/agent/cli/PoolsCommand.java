package com.capreport.agent.cli;

import com.capreport.model.Estate;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code capreport pools}: every pool etcd holds now, with its status and its dock's liveness. */
@Command(name = "pools", mixinStandardHelpOptions = true,
        description = "Lists every pool in etcd with status; pools of a dead dock or dead loop show as stale.")
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
            e = new Estate(e.revision(), e.docks(), e.pools().stream()
                    .filter(p -> dock == null || p.dockId().equals(dock))
                    .filter(p -> backend == null || p.backend().equals(backend)).toList(), e.profiles(), e.invalid())
                    .withAlarms(e.alarms());
        }
        spec.commandLine().getOut().print(json ? EstateRendering.poolsJson(e) + "\n"
                : EstateRendering.poolsTable(e, Instant.now()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
