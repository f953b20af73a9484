package com.capreport.agent.cli;

import com.capreport.agent.profiles.ProfileFiles;
import com.capreport.agent.profiles.ProfileStore;
import com.capreport.agent.profiles.ProfileWrite;
import com.capreport.agent.profiles.StoredProfile;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.ProfileSpec;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
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

    /** {@code profiles list}: one line per profile with its revision; {@code --json} is re-appliable. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists the profiles in etcd with their revisions.",
                "--json prints {\"profiles\":[…]} with each profile's revision: a file `profiles apply -f` takes back."})
    static final class ListCommand extends EtcdCommand implements Callable<Integer> {
        @Option(names = "--json", description = "print JSON instead of a table")
        boolean json;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            ProfileStore.Listing l = withEtcd((client, c, t) -> new ProfileStore(client, c.layout(), t).list());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode root = Json.mapper().createObjectNode();
                ArrayNode profiles = root.putArray("profiles");
                l.profiles().forEach(s -> profiles.add(Json.mapper().valueToTree(
                        ProfileFiles.document(s.profile(), s.revision()))));
                if (!l.unreadable().isEmpty()) {
                    // Only when there are some: a clean listing stays a file that apply takes back as is.
                    ArrayNode bad = root.putArray("invalid");
                    l.unreadable().forEach(u -> bad.addObject().put("key", u.key()).put("error", u.error())
                            .put("revision", u.revision()));
                }
                out.println(Json.pretty(root));
            } else {
                Table t = new Table("ID", "NAME", "TYPE", "REQUIREMENTS", "MIN MATCHES", "REVISION");
                for (StoredProfile s : l.profiles()) {
                    ProfileSpec p = s.profile();
                    t.row(p.id(), p.name(), p.storageType() == null ? "any" : p.storageType(), p.requirements().size(),
                            p.threshold(), s.revision());
                }
                out.print(t.size() == 0 ? "no profiles under this prefix\n" : t.render());
                if (!l.unreadable().isEmpty()) {
                    out.printf("%n%d unreadable profile key%s (ignored; fix with apply --if-revision or delete):%n",
                            l.unreadable().size(), l.unreadable().size() == 1 ? "" : "s");
                    l.unreadable().forEach(u -> out.println("  " + u.error() + " (revision " + u.revision() + ")"));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
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
