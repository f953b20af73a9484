package com.capreport.agent.cli;

import com.capreport.agent.profiles.ProfileFiles;
import com.capreport.agent.profiles.ProfileStore;
import com.capreport.agent.profiles.ProfileWrite;
import com.capreport.agent.profiles.StoredProfile;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.ProfileValidator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capreport profiles …}: the service profiles in etcd. Reads print the key's revision; writes
 * are compare-and-swap on it (see {@link ProfileStore}), so an admin who edits what {@code show}
 * printed can never overwrite a colleague's change unknowingly.
 */
@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "Service profiles in etcd: list, show, apply -f FILE, delete, check.",
        subcommands = {ProfilesCommand.ListCommand.class, ProfilesCommand.ShowCommand.class,
            ProfilesApplyCommand.class, ProfilesCommand.DeleteCommand.class, ProfilesCheckCommand.class})
final class ProfilesCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code profiles list}: one line per profile key with its revision; {@code --json} is
     * re-appliable. A profile that cannot be used is a row marked INVALID with every error after the
     * table, whether its requirements do not parse or its key holds no readable profile at all: an
     * admin wrote a profile there either way. Any invalid one makes the answer exit 1.
     */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists the profiles in etcd with their revisions; invalid ones are marked, their errors "
                + "listed after the table.",
                "--json prints {\"profiles\":[…]} with each profile's revision: a file `profiles apply -f` takes back.",
                "Exit 1 when a profile is invalid (its requirements do not parse, or its key holds no readable "
                    + "profile; counted on stderr)."})
    static final class ListCommand extends EtcdCommand implements Callable<Integer> {
        @Option(names = "--json", description = "print JSON instead of a table")
        boolean json;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            ProfileStore.Listing l = withEtcd((client, c, t) -> new ProfileStore(client, c.layout(), t).list());
            String prefix = etcd.connection().layout().profilesPrefix();
            // Every key in key order, readable or not: one listing of what was written.
            java.util.TreeMap<String, Entry> entries = new java.util.TreeMap<>();
            for (StoredProfile s : l.profiles()) {
                entries.put(prefix + s.id(), new Entry(s.id(), s, ProfileValidator.errors(s.profile()), s.revision()));
            }
            for (ProfileStore.Lookup.Unreadable u : l.unreadable()) {
                entries.put(u.key(), new Entry(u.key().substring(Math.min(prefix.length(), u.key().length())), null,
                        List.of(u.error()), u.revision()));
            }
            List<Entry> invalid = entries.values().stream().filter(Entry::invalid).toList();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode root = Json.mapper().createObjectNode();
                ArrayNode profiles = root.putArray("profiles");
                l.profiles().forEach(s -> profiles.add(Json.mapper().valueToTree(
                        ProfileFiles.document(s.profile(), s.revision()))));
                if (!invalid.isEmpty()) {
                    // Only when there are some: a clean listing stays a file that apply takes back as is.
                    // A parsed profile stays in "profiles" too, so it can be fixed and applied back.
                    ArrayNode bad = root.putArray("invalid");
                    invalid.forEach(u -> {
                        ObjectNode n = bad.addObject().put("key", prefix + u.id()).put("id", u.id())
                                .put("readable", u.stored() != null).put("error", String.join("; ", u.errors()))
                                .put("revision", u.revision());
                        u.errors().forEach(n.putArray("errors")::add);
                    });
                }
                out.println(Json.pretty(root));
            } else {
                Table t = new Table("ID", "STATUS", "NAME", "TYPE", "REQUIREMENTS", "MIN MATCHES", "REVISION");
                for (Entry e : entries.values()) {
                    if (e.stored() == null) {
                        t.row(e.id(), "INVALID (unreadable)", "", "", "", "", e.revision());
                        continue;
                    }
                    ProfileSpec p = e.stored().profile();
                    t.row(p.id(), e.invalid() ? "INVALID" : "ok", p.name(),
                            p.storageType() == null ? "any" : p.storageType(), p.requirements().size(), p.threshold(),
                            e.revision());
                }
                out.print(t.size() == 0 ? "no profiles under this prefix\n" : t.render());
                if (!invalid.isEmpty()) {
                    out.printf("%n%s, matched against nothing; fix with `profiles apply -f FILE --if-revision N` or "
                            + "remove with `profiles delete ID`:%n", invalidWords(invalid.size(), entries.size()));
                    for (Entry e : invalid) {
                        out.println("  " + e.id() + (e.stored() == null ? " (unreadable)" : "") + " at revision "
                                + e.revision() + ":");
                        e.errors().forEach(err -> out.println("    error: " + err));
                    }
                }
            }
            out.flush();
            if (!invalid.isEmpty()) {
                long unreadable = invalid.stream().filter(e -> e.stored() == null).count();
                spec.commandLine().getErr().println("capreport profiles list: " + invalidWords(invalid.size(),
                        entries.size()) + (unreadable == 0 ? "" : " (" + unreadable + " unreadable)") + "; "
                        + (json ? "listed in the JSON's 'invalid' array" : "their errors are listed after the table")
                        + " (exit 1)");
                spec.commandLine().getErr().flush();
                return ExitCodes.PROBLEM;
            }
            return ExitCodes.OK;
        }

        /** One profile key as listed: a readable profile ({@code stored}) or not, and why it cannot be used. */
        private record Entry(String id, StoredProfile stored, List<String> errors, long revision) {
            boolean invalid() {
                return !errors.isEmpty();
            }
        }
    }

    /** "1 of 6 profiles is invalid", "3 of 6 profiles are invalid". */
    static String invalidWords(long invalid, long of) {
        return invalid + " of " + of + " profile" + (of == 1 ? "" : "s") + (invalid == 1 ? " is" : " are") + " invalid";
    }

    /** {@code profiles show ID}: the editable document, with the revision to hand back on apply. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Prints one profile as YAML (default) or JSON, with its revision.",
                "Edit the output and apply it with `profiles apply -f FILE`: the revision makes that update "
                    + "refuse to overwrite a change someone made since."})
    static final class ShowCommand extends EtcdCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "the profile id")
        String id;

        @ArgGroup(exclusive = true)
        Format format = new Format();

        static final class Format {
            @Option(names = "--json", description = "print JSON")
            boolean json;

            @Option(names = "--yaml", description = "print YAML (the default)")
            boolean yaml;
        }

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            requireId(id);
            ProfileStore.Lookup found = withEtcd((client, c, t) -> new ProfileStore(client, c.layout(), t).get(id));
            PrintWriter out = spec.commandLine().getOut();
            if (found instanceof ProfileStore.Lookup.Absent) {
                throw new CliException(ExitCodes.PROBLEM, new ProfileWrite.Missing(id).message());
            }
            if (found instanceof ProfileStore.Lookup.Unreadable u) {
                throw new CliException(ExitCodes.PROBLEM, u.error() + " (revision " + u.revision()
                        + "); replace it with `profiles apply -f FILE --if-revision " + u.revision()
                        + "` or remove it with `profiles delete " + id + "`");
            }
            StoredProfile s = ((ProfileStore.Lookup.Found) found).stored();
            if (format.json) {
                out.println(ProfileFiles.json(s.profile(), s.revision()));
            } else {
                out.println("# profile " + s.id() + " at revision " + s.revision()
                        + ": edit and run `capreport profiles apply -f FILE`; the revision guards against lost updates");
                out.print(ProfileFiles.yaml(s.profile(), s.revision()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code profiles delete ID}: unconditional, or only at the revision the admin read. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Deletes a profile.", "With --if-revision N only if nobody changed it since revision N."})
    static final class DeleteCommand extends EtcdCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "the profile id")
        String id;

        @Option(names = "--if-revision", paramLabel = "N",
                description = "delete only if the profile is still at this revision (as printed by show)")
        Long ifRevision;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            requireId(id);
            if (ifRevision != null && ifRevision <= 0) {
                throw new CliException(ExitCodes.USAGE, "--if-revision: an etcd revision is positive, found "
                        + ifRevision);
            }
            ProfileWrite w = withEtcd((client, c, t) -> {
                ProfileStore store = new ProfileStore(client, c.layout(), t);
                return ifRevision == null ? store.deleteUnconditionally(id) : store.delete(id, ifRevision);
            });
            if (w instanceof ProfileWrite.Written d) {
                spec.commandLine().getOut().println("deleted profile " + id + " (at revision " + d.revision() + ")");
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            }
            if (w instanceof ProfileWrite.Conflict c) {
                throw new CliException(ExitCodes.PROBLEM, c.currentRevision() == 0
                        ? "profile " + id + " was already deleted since you read it at revision " + c.expectedRevision()
                        : "profile " + id + " was changed at revision " + c.currentRevision()
                                + " since you read it at revision " + c.expectedRevision() + "; run `capreport profiles "
                                + "show " + id + "` and delete again with the revision it prints");
            }
            throw new CliException(ExitCodes.PROBLEM, ((ProfileWrite.Missing) w).message());
        }
    }

    static void requireId(String id) {
        if (!KeyLayout.isValidSegment(id)) {
            throw new CliException(ExitCodes.USAGE, "'" + id + "' is not a profile id ("
                    + KeyLayout.SEGMENT_RULE + ")");
        }
    }
}
