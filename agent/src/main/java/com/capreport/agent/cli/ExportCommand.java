package com.capreport.agent.cli;

import com.capreport.agent.etcd.EstateReader;
import com.capreport.agent.files.AtomicFiles;
import com.capreport.model.Snapshot;
import com.capreport.model.snapshot.SnapshotCsv;
import com.capreport.model.snapshot.Snapshots;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capreport export --format json|csv [-o FILE]}: the estate at one etcd revision as a
 * snapshot (JSON, re-importable) or a flat CSV of pools. A file is written atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports what the estate can do at one etcd revision: the snapshot JSON, or a CSV of pools",
            "with one column per capability. With -o a file is written atomically (temp file, then rename);",
            "a device or FIFO is written as a stream, a symbolic link is followed to its existing target."})
final class ExportCommand extends EtcdCommand implements Callable<Integer> {
    enum Format { json, csv }

    @Option(names = "--format", paramLabel = "json|csv", description = "json (default) or csv")
    Format format = Format.json;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path output;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Snapshot snapshot = withEtcd((client, c, t) -> Snapshots.of(EstateReader.read(client, c.layout(), t),
                c.endpoints(), c.layout().prefix(), Instant.now()));
        AtomicFiles.Content content = format == Format.csv ? out -> SnapshotCsv.write(snapshot, out)
                : out -> out.write(new String(Snapshots.encode(snapshot), StandardCharsets.UTF_8));
        if (output == null || output.toString().equals("-")) {
            PrintWriter out = spec.commandLine().getOut();
            try {
                content.writeTo(out);
            } catch (IOException e) {
                throw new CliException(ExitCodes.OUTPUT, "cannot write to standard output: " + e.getMessage());
            }
            // A write error (disk full, closed pipe) is PrintWriter's to record and Main's to report: exit 4.
            out.flush();
        } else {
            SnapshotFiles.writeAtomically(output, content);
            spec.commandLine().getErr().println("capreport export: wrote " + output + " (" + snapshot.pools().size()
                    + " pools, " + snapshot.docks().size() + " docks, " + snapshot.profiles().size()
                    + " profiles at etcd revision " + snapshot.source().revision() + ")");
        }
        if (!snapshot.invalid().isEmpty()) {
            int n = snapshot.invalid().size();
            String entries = n + " invalid entr" + (n == 1 ? "y" : "ies");
            // The export itself is complete and honest about them: exit 0 (pools/docks exit 1 for the same estate).
            spec.commandLine().getErr().println("capreport export: " + (format == Format.csv
                    ? entries + " under the prefix skipped (a CSV has no place for them; --format json records them"
                    + " in the snapshot's 'invalid' array)"
                    : "recorded " + entries + " under the prefix in the snapshot's 'invalid' array (key and error;"
                    + " they are in none of its pools, docks or profiles)"));
        }
        spec.commandLine().getErr().flush();
        return ExitCodes.OK;
    }
}
