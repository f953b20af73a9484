package com.capreport.agent.cli;

import com.capreport.agent.Agent;
import com.capreport.agent.config.AgentConfig;
import com.capreport.agent.config.ConfigException;
import com.capreport.agent.config.ConfigLoader;
import com.capreport.agent.driver.DriverRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code capreport agent --config FILE}: run a dock on a storage node until SIGTERM. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Runs an agent (dock): discovers the pools of every configured backend and reports them to etcd.",
            "SIGTERM stops it gracefully (recorded as 'stopped'); a crash shows as 'dead' within the lease TTL."})
final class AgentCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "agent config (YAML)")
    Path config;

    @Option(names = "--check", description = "validate the config and exit")
    boolean check;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        AgentConfig cfg;
        try {
            cfg = new ConfigLoader(DriverRegistry.builtIn()).load(config);
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        if (check) {
            spec.commandLine().getOut().println(config + ": ok (dock " + cfg.dock().id() + ", " + cfg.backends().size()
                    + " backend(s))");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        Agent agent;
        try {
            agent = Agent.start(cfg);
        } catch (Agent.StartException e) {
            throw new CliException(switch (e.kind()) {
                case CONFIG, DOCK_HELD -> ExitCodes.USAGE;
                case ETCD -> ExitCodes.UNREACHABLE;
            }, e.getMessage());
        }
        Thread hook = new Thread(agent::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String reason = agent.awaitFenced();
        LOG.error("stopping: {}", reason);
        agent.crash();
        return ExitCodes.PROBLEM;
    }
}
