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

    /** The CLI's error contract: exactly one line, never a stack trace. */
    public static void assertOneLine(String text) {
        assertThat(text).as("one line, got: %s", text).isNotBlank();
        assertThat(text.strip().lines().count()).as("lines in: %s", text).isEqualTo(1);
        assertThat(text).as("not a stack trace").doesNotContain("\tat ").doesNotContain("Caused by");
    }
}
