package com.capreport.agent.cli;

import com.capreport.model.Json;
import com.capreport.model.Snapshot;
import com.capreport.model.snapshot.DiffText;
import com.capreport.model.snapshot.SnapshotFileDiff;
import com.capreport.model.snapshot.SnapshotDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capreport diff OLD.json NEW.json [--json]}: what changed between two snapshots. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compares two snapshots: pools added, removed and changed (capability old → new, capacity",
            "deltas), docks that died or appeared, profiles whose matches changed.",
            "Exit 0 when identical, 1 when different, 2 when a file cannot be read, 4 when the output cannot be",
            "written, 70 on an internal error (never 0 or 1: a crash is not an answer)."})
final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD.json", description = "the earlier snapshot")
    Path older;

    @Parameters(index = "1", paramLabel = "NEW.json", description = "the later snapshot")
    Path newer;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // Streamed, not loaded: two 200 MB snapshots diff within the default heap (docs/performance.md).
        SnapshotFileDiff.Result r = SnapshotFiles.diff(older, newer);
        SnapshotDiff diff = r.diff();
        PrintWriter out = spec.commandLine().getOut();
        int invalidBefore = r.older().invalid().size();
        int invalidAfter = r.newer().invalid().size();
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(diff);
            tree.putObject("invalid").put("before", invalidBefore).put("after", invalidAfter);
            out.println(Json.pretty(tree));
        } else {
            out.println("diff " + older + " (" + moment(r.older()) + ") → " + newer + " (" + moment(r.newer()) + ")");
            DiffText.lines(diff).forEach(out::println);
            if (invalidBefore > 0 || invalidAfter > 0) {
                // Entries the exports could not read are in neither file's pools: say so, they may hide a change.
                out.println("invalid entries recorded (not compared): " + invalidBefore + " → " + invalidAfter);
            }
        }
        out.flush();
        return diff.identical() ? ExitCodes.OK : ExitCodes.PROBLEM;
    }

    private static String moment(Snapshot s) {
        return "revision " + (s.source() == null ? "?" : s.source().revision()) + ", "
                + (s.takenAt() == null ? "time unknown" : s.takenAt());
    }
}
