package com.capreport.agent.cli;

import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.UnreadableProfile;
import com.capreport.model.match.MatchJson;
import com.capreport.model.match.Matcher;
import com.capreport.model.match.ProfileReport;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code profiles check}: every profile in etcd against every pool etcd reports now. Exit 1 when
 * any profile has no matching pool, so cron jobs and monitoring can run it as is.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Matches every profile in etcd against the pools reported now.",
            "Exit code 1 when any profile has no matching pool or is invalid (its requirements do not parse, or its key "
                + "holds no readable profile: marked INVALID, not matched, errors listed; counted on stderr), 0 otherwise."})
final class ProfilesCheckCommand extends ReadCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Estate e = readEstate();
        List<ProfileReport> reports = Matcher.evaluate(e.profiles(), e);
        List<UnreadableProfile> unreadable = UnreadableProfile.of(e, etcd.connection().layout());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = MatchJson.tree(reports);
            root.put("revision", e.revision());
            if (!unreadable.isEmpty()) {
                // Only when there are some, as in `profiles list --json`: keys that hold no readable profile.
                ArrayNode bad = root.putArray("invalid");
                unreadable.forEach(u -> bad.addObject().put("key", u.key()).put("id", u.id()).put("error", u.error()));
            }
            out.println(Json.pretty(root));
        } else {
            out.print(MatchRendering.checkTable(reports, unreadable));
        }
        out.flush();
        long invalid = reports.stream().filter(r -> !r.errors().isEmpty()).count() + unreadable.size();
        if (invalid > 0) {
            // A profile that was not matched is no answer about it: said on stderr, as readers say what they skipped.
            spec.commandLine().getErr().println("capreport profiles check: " + ProfilesCommand.invalidWords(invalid,
                    reports.size() + unreadable.size()) + " and not matched" + (unreadable.isEmpty() ? ""
                    : " (" + unreadable.size() + " unreadable)") + "; " + (json
                    ? "their errors are in the JSON ('errors' of a profile, the 'invalid' array)"
                    : "their errors are listed after the table") + " (exit 1)");
            spec.commandLine().getErr().flush();
            return ExitCodes.PROBLEM;
        }
        return reports.stream().allMatch(ProfileReport::satisfiable) ? ExitCodes.OK : ExitCodes.PROBLEM;
    }
}
