package com.capreport.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.capreport.agent.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code capreport} CLI: its exit code and what it printed. */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A command against the shared test etcd under {@code prefix}: {@code --etcd … --prefix …} appended. */
    public static CliRun against(String prefix, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--etcd";
        all[args.length + 1] = TestEtcd.endpoint();
        all[args.length + 2] = "--prefix";
        all[args.length + 3] = prefix;
        return of(all);
    }

    /** The CLI's error contract: exactly one line, never a stack trace. */
    public static void assertOneLine(String text) {
        assertThat(text).as("one line, got: %s", text).isNotBlank();
        assertThat(text.strip().lines().count()).as("lines in: %s", text).isEqualTo(1);
        assertThat(text).as("not a stack trace").doesNotContain("\tat ").doesNotContain("Caused by");
    }
}
