package com.capreport.agent.cli;

import com.capreport.agent.grpc.GrpcTls;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.Estate;
import com.capreport.proto.CycleResult;
import com.capreport.proto.DiscoverNowRequest;
import com.capreport.proto.DiscoverNowResponse;
import com.capreport.proto.DockServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capreport discover-now DOCK}: asks a dock's agent over gRPC to run a discovery cycle now,
 * as the dashboard's "Discover now" does. The endpoint comes from the dock's record in etcd unless
 * {@code --endpoint} gives it; {@code --grpc-*} reach agents that require TLS or mutual TLS.
 */
@Command(name = "discover-now", mixinStandardHelpOptions = true,
        description = {"Asks a dock's agent (gRPC DockService) to run a discovery cycle now and prints the outcome.",
            "Exit 1 when a backend's cycle failed, 3 when the agent (or etcd) cannot be reached."})
final class DiscoverNowCommand extends EtcdCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DOCK", description = "the dock id")
    String dockId;

    @Option(names = "--backend", paramLabel = "NAME", description = "only this backend (default: all of the dock's)")
    String backend = "";

    @Option(names = "--endpoint", paramLabel = "HOST:PORT",
            description = "the agent's gRPC address (default: the endpoint the dock published in etcd)")
    String endpoint;

    @Option(names = "--deadline", paramLabel = "DURATION", description = "how long to wait for the cycle (default: 60s)")
    String deadline = "60s";

    @Mixin
    GrpcOptions grpc;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Optional<GrpcTls.Client> tls = grpc.tls();
        long deadlineMs = DurationOption.parse(deadline, "--deadline", java.time.Duration.ofMillis(100),
                java.time.Duration.ofHours(1)).toMillis();
        String target = endpoint != null ? endpoint.trim() : endpointFromEtcd();
        if (!target.matches("[^\\s:]+:\\d{1,5}")) {
            throw new CliException(ExitCodes.USAGE, "'" + target + "' is not HOST:PORT");
        }
        ManagedChannel channel;
        try {
            channel = GrpcTls.channel(target, tls);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "gRPC TLS: cannot load the --grpc-* files (PEM, key in PKCS#8): "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        try {
            DiscoverNowResponse r = DockServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                    .discoverNow(DiscoverNowRequest.newBuilder().setBackend(backend).build());
            spec.commandLine().getOut().println("discover now on " + dockId + ": " + r.getResultsList().stream()
                    .map(GrpcTls::describeCycle).collect(Collectors.joining("; ")));
            spec.commandLine().getOut().flush();
            return r.getResultsList().stream().allMatch(CycleResult::getOk) ? ExitCodes.OK : ExitCodes.PROBLEM;
        } catch (StatusRuntimeException e) {
            int code = switch (e.getStatus().getCode()) {
                case NOT_FOUND, INVALID_ARGUMENT -> ExitCodes.USAGE;
                default -> ExitCodes.UNREACHABLE;
            };
            throw new CliException(code, "dock " + dockId + ": " + GrpcTls.describe(e, target, tls));
        } finally {
            channel.shutdownNow();
        }
    }

    private String endpointFromEtcd() throws InterruptedException {
        Estate e = withEtcd((client, c, t) -> com.capreport.agent.etcd.EstateReader.read(client, c.layout(), t));
        Estate.DockView d = e.docks().stream().filter(x -> x.dockId().equals(dockId)).findFirst()
                .orElseThrow(() -> new CliException(ExitCodes.USAGE, "no dock '" + dockId + "' under the prefix (docks: "
                        + e.docks().stream().map(Estate.DockView::dockId).collect(Collectors.joining(", ")) + ")"));
        String ep = d.alive().map(DockAlive::endpoint).filter(s -> s != null && !s.isEmpty())
                .or(() -> d.spec().map(DockSpec::endpoint).filter(s -> s != null && !s.isEmpty())).orElse("");
        if (ep.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "dock " + dockId + " has no gRPC endpoint (gRPC off in its config, "
                    + "or it is not alive); give --endpoint HOST:PORT");
        }
        return ep;
    }
}
