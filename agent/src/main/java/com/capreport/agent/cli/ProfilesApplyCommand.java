package com.capreport.agent.cli;

import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.profiles.ProfileDocument;
import com.capreport.agent.profiles.ProfileFileException;
import com.capreport.agent.profiles.ProfileFiles;
import com.capreport.agent.profiles.ProfileStore;
import com.capreport.agent.profiles.ProfileWrite;
import com.capreport.agent.etcd.EstateReader;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.Finding;
import com.capreport.model.match.ProfileValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code profiles apply -f FILE}: creates new profiles, updates changed ones, leaves identical ones.
 *
 * <p>An update needs the revision the admin read (the file's {@code revision:}, or
 * {@code --if-revision}) and is a compare-and-swap on it. Reading the revision here, just before
 * writing, would make the swap meaningless: it would overwrite whatever a colleague wrote since
 * the admin looked. So without a revision, a changed profile is refused unless {@code --force}.
 *
 * <p>Each profile stands alone: one that is invalid or in conflict is refused with a line on
 * stderr, the others are applied. Every profile is first checked with {@link ProfileValidator}
 * against the pools etcd reports: warnings are printed, errors refuse that profile. Exit code: 0 all applied or unchanged; 1 some refused because
 * etcd holds a different revision or no revision was given; 2 the file or a profile is invalid
 * (for a file error nothing is written); 3 etcd unreachable.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Creates or updates profiles from a YAML or JSON file (one profile or many).",
            "A changed profile is updated only at the revision you read: the file's 'revision:' (as printed by "
                + "show) or --if-revision; otherwise it is refused (or overwritten with --force)."})
final class ProfilesApplyCommand extends EtcdCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "profiles file (YAML or JSON)")
    Path file;

    @Option(names = "--if-revision", paramLabel = "N",
            description = "update only if the profile is still at this revision (one profile per file)")
    Long ifRevision;

    @Option(names = "--force", description = "overwrite a changed profile without a revision (last writer wins)")
    boolean force;

    @Option(names = "--dry-run", description = "say what would be done, write nothing")
    boolean dryRun;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** What to do with one profile, decided from the file and what etcd holds now. */
    private sealed interface Plan permits Create, Update, Unchanged, Refuse {
    }

    private record Create() implements Plan {
    }

    private record Update(long expectedRevision, boolean forced) implements Plan {
    }

    private record Unchanged(long revision) implements Plan {
    }

    private record Refuse(String message, int exitCode) implements Plan {
    }

    @Override
    public Integer call() throws InterruptedException {
        if (ifRevision != null && ifRevision <= 0) {
            throw new CliException(ExitCodes.USAGE, "--if-revision: an etcd revision is positive, found " + ifRevision);
        }
        if (ifRevision != null && force) {
            throw new CliException(ExitCodes.USAGE, "--if-revision and --force contradict each other: choose one");
        }
        List<ProfileDocument> docs;
        try {
            docs = ProfileFiles.read(file);
        } catch (ProfileFileException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        if (ifRevision != null && docs.size() > 1) {
            throw new CliException(ExitCodes.USAGE, "--if-revision names one profile's revision, but " + file
                    + " holds " + docs.size() + " profiles; put each profile's revision: in the file instead");
        }
        for (ProfileDocument d : docs) {
            if (ifRevision != null && d.revision() > 0 && d.revision() != ifRevision) {
                throw new CliException(ExitCodes.USAGE, d.where() + ": the file says revision " + d.revision()
                        + " but --if-revision says " + ifRevision + ": which one did you read?");
            }
        }
        return withEtcd((client, c, t) -> apply(docs, new ProfileStore(client, c.layout(), t),
                EstateReader.read(client, c.layout(), t).pools()));
    }

    private int apply(List<ProfileDocument> docs, ProfileStore store, Collection<PoolSpec> pools)
            throws EtcdUnavailableException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = ExitCodes.OK;
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int refused = 0;
        for (ProfileDocument d : docs) {
            ProfileSpec p = d.profile();
            // Checked against what the estate reports now: a typo in a path is a warning, an operator that
            // cannot compare the reported type or a syntax error refuses this profile (the others go on).
            List<Finding> findings = ProfileValidator.validate(p, pools);
            findings.forEach(f -> err.println("capreport profiles apply: " + d.where(f.path()) + ": " + f.line()));
            if (ProfileValidator.hasErrors(findings)) {
                exit = Math.max(exit, ExitCodes.USAGE);
                refused++;
                continue;
            }
            Plan plan = plan(d, store.get(p.id()));
            if (plan instanceof Refuse r) {
                err.println("capreport profiles apply: " + r.message());
                exit = Math.max(exit, r.exitCode());
                refused++;
                continue;
            }
            if (plan instanceof Unchanged u) {
                out.println("profile " + p.id() + " unchanged (revision " + u.revision() + ")");
                unchanged++;
                continue;
            }
            if (dryRun) {
                out.println(plan instanceof Update up ? "would update profile " + p.id() + " (at revision "
                        + up.expectedRevision() + ")" : "would create profile " + p.id());
                if (plan instanceof Update) {
                    updated++;
                } else {
                    created++;
                }
                continue;
            }
            ProfileWrite w = plan instanceof Update up ? store.update(p, up.expectedRevision()) : store.create(p);
            if (w instanceof ProfileWrite.Written done) {
                if (plan instanceof Update up) {
                    out.println("updated profile " + p.id() + " (revision " + done.revision() + ", was "
                            + up.expectedRevision() + (up.forced() ? ", --force" : "") + ")");
                    updated++;
                } else {
                    out.println("created profile " + p.id() + " (revision " + done.revision() + ")");
                    created++;
                }
            } else {
                String message = w instanceof ProfileWrite.Conflict c ? c.message() : ((ProfileWrite.Missing) w).message();
                err.println("capreport profiles apply: " + message);
                exit = Math.max(exit, ExitCodes.PROBLEM);
                refused++;
            }
        }
        if (docs.size() > 1) {
            out.println(docs.size() + " profiles: " + (dryRun ? "would create " : "created ") + created
                    + (dryRun ? ", would update " : ", updated ") + updated + ", unchanged " + unchanged + ", refused "
                    + refused + (dryRun ? " (dry run: nothing written)" : ""));
        } else if (dryRun) {
            out.println("dry run: nothing written");
        }
        out.flush();
        err.flush();
        return exit;
    }

    private Plan plan(ProfileDocument d, ProfileStore.Lookup now) {
        ProfileSpec p = d.profile();
        OptionalLong expected = ifRevision != null ? OptionalLong.of(ifRevision) : d.expectedRevision();
        if (now instanceof ProfileStore.Lookup.Absent) {
            if (expected.isPresent() && !force) {
                return new Refuse(new ProfileWrite.Conflict(p.id(), expected.getAsLong(), 0).message()
                        + " (or apply with --force)", ExitCodes.PROBLEM);
            }
            return new Create();
        }
        long current;
        if (now instanceof ProfileStore.Lookup.Found f) {
            if (f.stored().profile().equals(p)) {
                return new Unchanged(f.stored().revision());
            }
            current = f.stored().revision();
        } else {
            current = ((ProfileStore.Lookup.Unreadable) now).revision();
        }
        if (force) {
            // Still a swap, on what was read a moment ago: a write racing this very command is not lost silently.
            return new Update(current, true);
        }
        if (expected.isEmpty()) {
            return new Refuse("profile " + p.id() + " already exists (revision " + current + ") and " + d.file()
                    + " changes it; edit what `capreport profiles show " + p.id() + "` prints (it carries the revision) "
                    + "and apply that, or pass --if-revision with the revision you read, or --force to overwrite",
                    ExitCodes.PROBLEM);
        }
        if (expected.getAsLong() != current) {
            return new Refuse(new ProfileWrite.Conflict(p.id(), expected.getAsLong(), current).message(),
                    ExitCodes.PROBLEM);
        }
        return new Update(expected.getAsLong(), false);
    }
}
