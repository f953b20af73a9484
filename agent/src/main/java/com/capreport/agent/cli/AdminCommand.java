package com.capreport.agent.cli;

import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.EtcdFailure;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.rbac.Access;
import com.capreport.agent.rbac.Etcdctl;
import com.capreport.agent.rbac.Permission;
import com.capreport.agent.rbac.RbacAdmin;
import com.capreport.agent.rbac.RbacPlan;
import com.capreport.agent.rbac.Step;
import com.capreport.model.KeyLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capreport admin …}: the etcd users and roles of the product's components, set up by a
 * command instead of a recipe (docs/security.md). Each grant brings one user and its role (same
 * name) to exactly the permissions the component needs, whatever they held before; running it
 * again changes nothing. The connection options are etcd's administrator's ({@code --user root
 * --password-file …}); the component's own password comes from {@code --new-password-file}.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"etcd users and roles for the components: grant-dock, grant-reader, grant-profile-admin, revoke;",
            "enable-auth turns etcd authentication on (once per cluster).",
            "Connect as etcd's root user (--user root --password-file FILE); --print shows the etcdctl lines instead."},
        subcommands = {AdminCommand.GrantDock.class, AdminCommand.GrantReader.class,
            AdminCommand.GrantProfileAdmin.class, AdminCommand.Revoke.class, AdminCommand.EnableAuth.class})
final class AdminCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every admin subcommand shares: --print, the prefix, and how etcd's refusals read. */
    abstract static class Action extends EtcdCommand implements Callable<Integer> {
        @Option(names = "--print", description = "print the equivalent etcdctl lines (for a fresh etcd) instead of "
                + "connecting; nothing is changed")
        boolean print;

        @Spec
        CommandLine.Model.CommandSpec spec;

        KeyLayout layout() {
            if (etcd.prefix != null) {
                KeyLayout.prefixProblem(etcd.prefix).ifPresent(problem -> {
                    throw new CliException(ExitCodes.USAGE, "--prefix: " + problem);
                });
            }
            return new KeyLayout(etcd.prefix == null ? KeyLayout.DEFAULT_PREFIX : etcd.prefix);
        }

        static String checkedName(String name, String what) {
            Access.nameProblem(name).ifPresent(p -> {
                throw new CliException(ExitCodes.USAGE, what + ": " + p);
            });
            return name;
        }

        /** The connection options as etcdctl's environment, for --print (nothing is checked or read). */
        Etcdctl.Globals globals() {
            List<String> eps = etcd.endpoints == null || etcd.endpoints.isBlank() ? List.of()
                    : Arrays.stream(etcd.endpoints.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            return new Etcdctl.Globals(eps, Optional.ofNullable(etcd.cacert), Optional.ofNullable(etcd.cert),
                    Optional.ofNullable(etcd.key), Optional.ofNullable(etcd.user), Optional.ofNullable(etcd.passwordFile),
                    etcd.user != null && etcd.passwordFile == null ? Optional.of(EtcdConnection.ENV_PASSWORD)
                            : Optional.empty());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /**
         * Runs user and role management, turning etcd's refusals into what the admin should do: give
         * the root user, use one that has the root role, or leave out --user while authentication is off.
         */
        <T> T manage(EtcdWork<T> work) throws InterruptedException {
            return withEtcd((client, c, t) -> {
                try {
                    return work.run(client, c, t);
                } catch (EtcdUnavailableException e) {
                    throw refusal(e, c);
                }
            });
        }

        private static RuntimeException refusal(EtcdUnavailableException e, EtcdConnection c) {
            String at = "etcd at " + String.join(",", c.endpoints()) + ": ";
            String text = e.getMessage() == null ? "" : e.getMessage();
            if (RbacAdmin.authNotEnabled(e)) {
                return new CliException(ExitCodes.UNREACHABLE, at + "authentication is not enabled, so it takes no "
                        + "--user: run without --user and --password-file (users and roles are then set up, but "
                        + "enforced only once authentication is on: docs/security.md)");
            }
            if (c.user().isEmpty() && (text.contains("user name is empty") || e.failure() == EtcdFailure.AUTH
                    || e.failure() == EtcdFailure.PERMISSION || text.contains("invalid auth token"))) {
                return new CliException(ExitCodes.UNREACHABLE, at + "authentication is on: connect as its root user "
                        + "(--user root --password-file FILE)");
            }
            if (e.failure() == EtcdFailure.PERMISSION) {
                return new CliException(ExitCodes.UNREACHABLE, at + "user " + c.user().orElse("") + " may not manage "
                        + "users and roles (that needs etcd's root role; connect with --user root)");
            }
            return new CliException(ExitCodes.UNREACHABLE, at + e.getMessage()
                    + (e.failure().outage() ? " (is it running? check --etcd and, for TLS, --cacert)" : ""));
        }
    }

    /** A grant: one component's user and role brought to exactly its permissions. */
    abstract static class Grant extends Action {
        @Option(names = "--new-password-file", paramLabel = "FILE",
                description = "file holding the password of the user being granted (needed when it does not exist "
                        + "yet; when it exists, its password is set to this one); never printed")
        Path newPasswordFile;

        abstract Access access(KeyLayout layout);

        abstract String command();

        @Override
        public Integer call() throws InterruptedException {
            Access a = access(layout());
            // --print only names the file (the shell reads it when the lines run): it need not exist yet.
            if (newPasswordFile != null && !print) {
                try {
                    RbacAdmin.readPassword(newPasswordFile);
                } catch (IOException e) {
                    throw new CliException(ExitCodes.USAGE, "--new-password-file: cannot use " + newPasswordFile + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                }
            }
            if (print) {
                Path file = newPasswordFile != null ? newPasswordFile : Path.of("PASSWORD_FILE");
                out().print(Etcdctl.script(List.of(
                        command() + ": user " + a.user() + " with role " + a.role() + " (" + a.summary() + "), "
                                + "for an etcd that has neither yet",
                        "may: " + a.permissions().stream().map(Permission::describe).collect(Collectors.joining("; ")),
                        "the password is read from " + file + " (one word, no newline needed)"
                                + (newPasswordFile == null ? ": replace PASSWORD_FILE" : ""),
                        "on an etcd that has them, `capreport admin " + command() + "` without --print also revokes "
                                + "what the role or user holds beyond this and says \"unchanged\" when nothing differs"),
                        globals(), RbacPlan.grant(a, RbacPlan.Current.NOTHING, Optional.of(file))));
                out().flush();
                return ExitCodes.OK;
            }
            record Outcome(List<Step> steps, boolean authEnabled) {
            }
            Outcome o = manage((client, c, t) -> {
                RbacAdmin admin = new RbacAdmin(client, c, t);
                Optional<List<String>> userRoles = admin.user(a.user());
                if (userRoles.isEmpty() && newPasswordFile == null) {
                    throw new CliException(ExitCodes.USAGE, "user " + a.user() + " does not exist yet: give its "
                            + "password with --new-password-file FILE (nothing was changed)");
                }
                RbacPlan.Password pw = newPasswordFile == null ? RbacPlan.Password.NOT_GIVEN
                        : userRoles.isEmpty() ? RbacPlan.Password.DIFFERENT : admin.passwordOf(a.user(), newPasswordFile);
                List<Step> steps = RbacPlan.grant(a, new RbacPlan.Current(admin.role(a.role()), userRoles, pw),
                        Optional.ofNullable(newPasswordFile));
                admin.apply(steps);
                return new Outcome(steps, admin.authEnabled());
            });
            PrintWriter out = out();
            String may = a.permissions().stream().map(Permission::describe).collect(Collectors.joining("; "));
            if (o.steps().isEmpty()) {
                out.println(a.user() + ": unchanged (role " + a.role() + ": " + may + ")");
            } else {
                o.steps().forEach(s -> out.println(s.describe()));
                out.println(a.user() + ": " + o.steps().size() + " change" + (o.steps().size() == 1 ? "" : "s")
                        + "; role " + a.role() + " now holds exactly: " + may);
            }
            out.flush();
            if (!o.authEnabled()) {
                authOffNote();
            }
            return ExitCodes.OK;
        }

        void authOffNote() {
            PrintWriter err = spec.commandLine().getErr();
            err.println("capreport admin " + command() + ": note: etcd authentication is off, so nothing is enforced "
                    + "yet: enable it (docs/security.md) and connect as root from then on");
            err.flush();
        }
    }

    @Command(name = "grant-dock", mixinStandardHelpOptions = true,
            description = {"Creates or updates a dock's etcd user and role: readwrite on its own prefix only.",
                "User and role capreport-dock-ID (or --name): readwrite on {prefix}/docks/ID/ and nothing else.",
                "Idempotent: \"unchanged\" when nothing differs; other permissions and roles found are revoked."})
    static final class GrantDock extends Grant {
        @Parameters(index = "0", paramLabel = "ID", description = "the dock id (dock.id in the agent's config)")
        String dockId;

        @Option(names = "--name", paramLabel = "USER", description = "user and role name (default: capreport-dock-ID)")
        String name;

        @Override
        Access access(KeyLayout layout) {
            if (!KeyLayout.isValidSegment(dockId)) {
                throw new CliException(ExitCodes.USAGE, "'" + dockId + "' is not a dock id (" + KeyLayout.SEGMENT_RULE
                        + ")");
            }
            return Access.dock(layout, dockId, checkedName(name != null ? name : Access.DOCK_USER_PREFIX + dockId,
                    name != null ? "--name" : "the dock's user name"));
        }

        @Override
        String command() {
            return "grant-dock";
        }
    }

    @Command(name = "grant-reader", mixinStandardHelpOptions = true,
            description = {"Creates or updates a read-only etcd user and role (the dashboard, the CLI).",
                "Read on {prefix}/; with --acks also readwrite on {prefix}/acks/ (acknowledge problems).",
                "Idempotent: \"unchanged\" when nothing differs; other permissions and roles found are revoked."})
    static final class GrantReader extends Grant {
        @Parameters(index = "0", paramLabel = "NAME", description = "user and role name")
        String name;

        @Option(names = "--acks", description = "may also add and remove acknowledgements")
        boolean acks;

        @Override
        Access access(KeyLayout layout) {
            return Access.reader(layout, checkedName(name, "NAME"), acks);
        }

        @Override
        String command() {
            return "grant-reader";
        }
    }

    @Command(name = "grant-profile-admin", mixinStandardHelpOptions = true,
            description = {"Creates or updates the etcd user and role of an admin who edits service profiles.",
                "Read on {prefix}/, readwrite on {prefix}/profiles/ and {prefix}/acks/.",
                "Idempotent: \"unchanged\" when nothing differs; other permissions and roles found are revoked."})
    static final class GrantProfileAdmin extends Grant {
        @Parameters(index = "0", paramLabel = "NAME", description = "user and role name")
        String name;

        @Override
        Access access(KeyLayout layout) {
            return Access.profileAdmin(layout, checkedName(name, "NAME"));
        }

        @Override
        String command() {
            return "grant-profile-admin";
        }
    }

    @Command(name = "enable-auth", mixinStandardHelpOptions = true,
            description = {"Turns etcd authentication on: user root (created from --root-password-file when missing)",
                "with the role root, then auth enable. Run without --user (etcd takes none while authentication is off);",
                "when it is already on, says \"unchanged\"."})
    static final class EnableAuth extends Action {
        @Option(names = "--root-password-file", paramLabel = "FILE",
                description = "password of the root user to create (needed when etcd has no user root); never printed")
        Path rootPasswordFile;

        @Override
        public Integer call() throws InterruptedException {
            if (rootPasswordFile != null && !print) {
                try {
                    RbacAdmin.readPassword(rootPasswordFile);
                } catch (IOException e) {
                    throw new CliException(ExitCodes.USAGE, "--root-password-file: cannot use " + rootPasswordFile
                            + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                }
            }
            if (print) {
                Etcdctl.Globals g = globals();
                out().print(Etcdctl.script(List.of("capreport admin enable-auth: user root with the role root, then "
                        + "authentication on (for an etcd without a user root; run without ETCDCTL_USER)"),
                        new Etcdctl.Globals(g.endpoints(), g.cacert(), g.cert(), g.key(), Optional.empty(),
                                Optional.empty(), Optional.empty()),
                        RbacPlan.enableAuth(Optional.empty(), Optional.of(rootPasswordFile != null ? rootPasswordFile
                                : Path.of("ROOT_PASSWORD_FILE")))));
                out().flush();
                return ExitCodes.OK;
            }
            List<Step> steps = withEtcd((client, c, t) -> {
                RbacAdmin admin = new RbacAdmin(client, c, t);
                Optional<List<String>> rootRoles;
                try {
                    rootRoles = admin.user("root");
                } catch (EtcdUnavailableException e) {
                    if (RbacAdmin.authNotEnabled(e)) {
                        throw new CliException(ExitCodes.UNREACHABLE, "etcd at " + String.join(",", c.endpoints())
                                + ": authentication is off, so it takes no --user: run enable-auth without --user "
                                + "and --password-file");
                    }
                    if (c.user().isEmpty() && (e.getMessage().contains("user name is empty")
                            || e.failure() == EtcdFailure.AUTH || e.failure() == EtcdFailure.PERMISSION)) {
                        return List.of(); // it asks for a login: authentication is on already
                    }
                    throw e;
                }
                if (admin.authEnabled()) {
                    return List.of(); // we logged in: it is on
                }
                if (rootRoles.isEmpty() && rootPasswordFile == null) {
                    throw new CliException(ExitCodes.USAGE, "etcd has no user root yet: give its password with "
                            + "--root-password-file FILE (nothing was changed)");
                }
                List<Step> plan = RbacPlan.enableAuth(rootRoles, Optional.ofNullable(rootPasswordFile));
                admin.apply(plan);
                return plan;
            });
            PrintWriter out = out();
            if (steps.isEmpty()) {
                out.println("etcd authentication: unchanged (already on)");
            } else {
                steps.forEach(s -> out.println(s.describe()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Deletes an etcd user and its role (same name); the role is kept if other users hold it.",
                "A dock's user is capreport-dock-ID. Idempotent: nothing to delete is \"unchanged\"."})
    static final class Revoke extends Action {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user (and role) name")
        String name;

        @Override
        public Integer call() throws InterruptedException {
            checkedName(name, "NAME");
            if (print) {
                out().print(Etcdctl.script(List.of("capreport admin revoke " + name + ": delete user " + name
                        + " and its role " + name + " (check first that no other user holds the role: "
                        + "etcdctl user list, etcdctl user get USER)"), globals(),
                        RbacPlan.revoke(name, true, true, List.of())));
                out().flush();
                return ExitCodes.OK;
            }
            record Outcome(List<Step> steps, List<String> holders, boolean roleExists) {
            }
            Outcome o = manage((client, c, t) -> {
                RbacAdmin admin = new RbacAdmin(client, c, t);
                boolean user = admin.user(name).isPresent();
                boolean role = admin.role(name).isPresent();
                List<String> holders = role ? admin.holders(name, name) : List.of();
                List<Step> steps = RbacPlan.revoke(name, user, role, holders);
                admin.apply(steps);
                return new Outcome(steps, holders, role);
            });
            PrintWriter out = out();
            List<String> lines = new ArrayList<>();
            o.steps().forEach(s -> lines.add(s.describe()));
            if (o.roleExists() && !o.holders().isEmpty()) {
                lines.add("role " + name + ": kept, also granted to " + String.join(", ", o.holders()));
            }
            if (o.steps().isEmpty() && o.holders().isEmpty()) {
                lines.add(name + ": unchanged (no such user or role)");
            }
            lines.forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
    }
}
