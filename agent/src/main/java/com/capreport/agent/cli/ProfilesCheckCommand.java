package com.capreport.agent.cli;

import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.match.MatchJson;
import com.capreport.model.match.Matcher;
import com.capreport.model.match.ProfileReport;
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
            "Exit code 1 when any profile has no matching pool (or does not parse), 0 otherwise."})
final class ProfilesCheckCommand extends ReadCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Estate e = readEstate();
        List<ProfileReport> reports = Matcher.evaluate(e.profiles(), e);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = MatchJson.tree(reports);
            root.put("revision", e.revision());
            out.println(Json.pretty(root));
        } else {
            out.print(MatchRendering.checkTable(reports));
            String profiles = etcd.connection().layout().profilesPrefix();
            long unreadable = e.invalid().stream().filter(i -> i.key().startsWith(profiles)).count();
            if (unreadable > 0) {
                out.println(unreadable + " unreadable profile key" + (unreadable == 1 ? "" : "s")
                        + " not checked (see `capreport profiles list`)");
            }
        }
        out.flush();
        return reports.stream().allMatch(ProfileReport::satisfiable) ? ExitCodes.OK : ExitCodes.PROBLEM;
    }
}
