package com.capreport.agent.cli;

import com.capreport.agent.etcd.EstateReader;
import com.capreport.model.Estate;
import java.time.Instant;
import picocli.CommandLine.Option;

/** Shared by commands that read the estate from etcd once. */
abstract class ReadCommand extends EtcdCommand {
    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    /**
     * The one stderr line of a reader that skipped entries (issue 13: never "no pools", exit 0, when
     * there were pools it could not read): how many, and where they are listed.
     */
    static String skippedLine(String command, java.util.List<Estate.InvalidEntry> invalid, boolean json, String detail) {
        int n = invalid.size();
        return "capreport " + command + ": " + n + " invalid entr" + (n == 1 ? "y" : "ies") + " under the prefix "
                + (n == 1 ? "was" : "were") + " skipped" + detail + "; " + (json ? "listed in the JSON's 'invalid' array"
                : "listed after the table (key and error; --json: the 'invalid' array)") + " (exit 1)";
    }

    Estate readEstate() throws InterruptedException {
        // Proof of life is judged at this host's clock, once, as the estate is read.
        return withEtcd((client, c, t) -> EstateReader.read(client, c.layout(), t)
                .withAlarms(com.capreport.agent.etcd.EtcdAlarms.list(client, t)).withProofsJudged(Instant.now()));
    }
}
