package com.capreport.agent.cli;

import com.capreport.agent.profiles.ProfileDocument;
import com.capreport.agent.profiles.ProfileFileException;
import com.capreport.agent.profiles.ProfileFiles;
import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.ProfileSpec;
import com.capreport.model.Snapshot;
import com.capreport.model.match.Finding;
import com.capreport.model.match.MatchJson;
import com.capreport.model.match.Matcher;
import com.capreport.model.match.ProfileReport;
import com.capreport.model.match.ProfileValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capreport match --snapshot FILE --profiles FILE}: offline what-if. The estate comes from a
 * snapshot (as exported), liveness included, so a pool of a dock that was dead then is stale now
 * too; no etcd is contacted. Exit 1 when any profile has no matching pool.
 */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Offline what-if: matches profiles against the pools of a snapshot file; no etcd needed.",
            "Without --profiles, the snapshot's own profiles are matched.",
            "Exit code 1 when any profile has no matching pool, 0 otherwise."})
final class MatchCommand implements Callable<Integer> {
    @Option(names = "--snapshot", required = true, paramLabel = "FILE", description = "snapshot JSON (capreport export)")
    Path snapshot;

    @Option(names = "--profiles", paramLabel = "FILE", description = "profiles file (YAML or JSON, one or many)")
    Path profiles;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Snapshot snap = SnapshotFiles.read(snapshot);
        Estate estate = Estate.fromSnapshot(snap);
        List<ProfileSpec> candidates;
        PrintWriter err = spec.commandLine().getErr();
        if (!snap.invalid().isEmpty()) {
            err.println("capreport match: " + snapshot + " records " + snap.invalid().size() + " invalid entr"
                    + (snap.invalid().size() == 1 ? "y" : "ies") + " the export could not read (see its 'invalid'"
                    + " array): they are not matched");
        }
        if (profiles == null) {
            candidates = estate.profiles();
        } else {
            List<ProfileDocument> docs;
            try {
                docs = ProfileFiles.read(profiles);
            } catch (ProfileFileException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            // Warnings only ("no pool reports MaxIOPZ; did you mean …"): errors show in each profile's report.
            for (ProfileDocument d : docs) {
                for (Finding f : ProfileValidator.validate(d.profile(), estate.pools())) {
                    if (f.severity() == Finding.Severity.WARNING) {
                        err.println("capreport match: " + d.where(f.path()) + ": " + f.line());
                    }
                }
            }
            candidates = docs.stream().map(ProfileDocument::profile).toList();
        }
        List<ProfileReport> reports = Matcher.evaluate(candidates, estate);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.pretty(MatchJson.tree(reports)) + "\n" : MatchRendering.detail(reports));
        out.flush();
        err.flush();
        return reports.stream().allMatch(ProfileReport::satisfiable) ? ExitCodes.OK : ExitCodes.PROBLEM;
    }
}
