package com.capreport.agent.cli;

import com.capreport.agent.Version;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code capreport} command line. */
@Command(name = "capreport", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Capabilities Report: what every storage pool in the estate can do, live.",
        subcommands = {AgentCommand.class, PoolsCommand.class, DocksCommand.class, ProfilesCommand.class,
            MatchCommand.class, ExportCommand.class, DiffCommand.class, DemoCommand.class, BenchCommand.class,
            AdminCommand.class, DiscoverNowCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    private static final java.util.List<java.util.logging.Logger> QUIET = new java.util.ArrayList<>();

    public static void main(String[] args) {
        // UTF-8 whatever the locale: JSON and CSV must be UTF-8, and under LANG=C the platform
        // charset is ASCII, which would turn every non-ASCII pool name into '?'.
        System.exit(run(args, new PrintWriter(new java.io.OutputStreamWriter(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), java.nio.charset.StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(new java.io.FileOutputStream(java.io.FileDescriptor.err),
                        java.nio.charset.StandardCharsets.UTF_8), true)));
    }

    /** Runs the CLI and returns the exit code (tests call this directly). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        configureLogging(args.length > 0 ? args[0] : "");
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            String path = commandPath(ex.getCommandLine());
            err.println("capreport" + (path.isEmpty() ? "" : " " + path.trim()) + ": "
                    + ex.getMessage().replaceAll("\\s+", " ").trim() + " (see: capreport " + path + "--help)");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CliException ce) {
                err.println("capreport " + commandPath(commandLine).trim() + ": " + ce.getMessage());
                return ce.exitCode();
            }
            return internalError(ex, commandPath(commandLine).trim(), err);
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (Throwable t) { // an Error (out of memory, stack overflow) passes picocli's handlers
            code = internalError(t, command(cli), err);
        }
        // PrintWriter swallows write errors (a full disk, a closed pipe, /dev/full): ask it, or output lost
        // to a full disk would read as success, and a diff's "different" (1) as an answer.
        out.flush();
        if (out.checkError() && code != ExitCodes.INTERNAL) {
            err.println("capreport " + command(cli) + ": cannot write to standard output (disk full, closed pipe or "
                    + "a device that refuses writes): the output is lost or incomplete");
            code = ExitCodes.OUTPUT;
        }
        err.flush();
        return code;
    }

    /**
     * A failure no command decided on: a bug or the JVM out of memory. One line and exit code
     * {@link ExitCodes#INTERNAL}, never 0 or 1 (which are answers); the stack trace goes to the
     * debug log ({@code CAPREPORT_LOG=debug}).
     */
    static int internalError(Throwable ex, String command, PrintWriter err) {
        Throwable root = ex;
        while ((root instanceof picocli.CommandLine.ExecutionException
                || root instanceof java.util.concurrent.ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        String name = command.isEmpty() ? "capreport" : "capreport " + command;
        if (root instanceof OutOfMemoryError) {
            // Say it without building much: the heap may still be nearly full.
            err.println(name + ": internal error: out of memory (no answer was computed; give the JVM more heap, "
                    + "e.g. CAPREPORT_JAVA_OPTS=-Xmx4g)");
        } else {
            try {
                org.slf4j.LoggerFactory.getLogger(Main.class).debug("internal error", root);
            } catch (RuntimeException | Error ignored) {
                // the line below is what matters
            }
            err.println(name + ": internal error: " + String.valueOf(root).replaceAll("\\s+", " ")
                    + " (no answer was computed; run with CAPREPORT_LOG=debug for the stack trace)");
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /** The subcommand path that ran ("profiles list"), or "" when parsing did not get that far. */
    private static String command(CommandLine cli) {
        CommandLine.ParseResult pr = cli.getParseResult();
        if (pr == null) {
            return "";
        }
        while (pr.hasSubcommand()) {
            pr = pr.subcommand();
        }
        return commandPath(pr.commandSpec().commandLine()).trim();
    }

    private static String commandPath(CommandLine c) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine x = c; x != null && x.getParent() != null; x = x.getParent()) {
            sb.insert(0, x.getCommandName() + " ");
        }
        return sb.toString();
    }

    /**
     * slf4j-simple, configured before the first logger exists: timestamps, to stderr, and the
     * network libraries kept to errors. CAPREPORT_LOG sets our own level (debug, info, warn).
     */
    public static void configureLogging(String command) {
        String level = System.getenv("CAPREPORT_LOG");
        boolean daemon = command.equals("agent") || command.equals("demo") || command.equals("dashboard");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel",
                level != null ? level.toLowerCase(Locale.ROOT) : daemon ? "info" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        for (String noisy : new String[] {"io.etcd", "io.grpc", "io.netty", "io.vertx"}) {
            setIfAbsent("org.slf4j.simpleLogger.log." + noisy, "off");
        }
        // gRPC and Netty also log through java.util.logging (two-line records on stderr): keep them quiet.
        for (String noisy : new String[] {"io.grpc", "io.netty", "io.etcd", "io.vertx"}) {
            java.util.logging.Logger jul = java.util.logging.Logger.getLogger(noisy);
            jul.setLevel(java.util.logging.Level.OFF);
            QUIET.add(jul); // a strong reference: JUL keeps only weak ones
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** --version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"capreport " + Version.get()};
        }
    }
}
