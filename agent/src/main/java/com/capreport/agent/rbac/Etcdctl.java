package com.capreport.agent.rbac;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Steps as {@code etcdctl} (3.4) lines an admin can read, keep in a runbook or run. Passwords are
 * never in the lines: a new user's comes from its file on standard input ({@code --interactive=false}
 * reads it there), the root password from its file through {@code $ETCDCTL_PASSWORD}.
 */
public final class Etcdctl {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._/:@=,+%-]+");

    private Etcdctl() {
    }

    /** The connection options the admin gave, as etcdctl's environment (each optional). */
    public record Globals(List<String> endpoints, Optional<Path> cacert, Optional<Path> cert, Optional<Path> key,
                          Optional<String> user, Optional<Path> passwordFile, Optional<String> passwordEnv) {
        public Globals {
            endpoints = List.copyOf(endpoints);
        }

        public static final Globals NONE = new Globals(List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());

        List<String> exports() {
            List<String> l = new ArrayList<>();
            if (!endpoints.isEmpty()) {
                l.add("export ETCDCTL_ENDPOINTS=" + quote(String.join(",", endpoints)));
            }
            cacert.ifPresent(p -> l.add("export ETCDCTL_CACERT=" + quote(p.toString())));
            cert.ifPresent(p -> l.add("export ETCDCTL_CERT=" + quote(p.toString())));
            key.ifPresent(p -> l.add("export ETCDCTL_KEY=" + quote(p.toString())));
            user.ifPresent(u -> l.add("export ETCDCTL_USER=" + quote(u)));
            if (user.isPresent()) {
                if (passwordFile.isPresent()) {
                    l.add("export ETCDCTL_PASSWORD=\"$(cat " + quote(passwordFile.get().toString()) + ")\"");
                } else {
                    l.add("export ETCDCTL_PASSWORD=\"$" + passwordEnv.orElse("CAPREPORT_ETCD_PASSWORD") + "\"");
                }
            }
            return l;
        }
    }

    /** A script: comment lines, the connection's environment, then one etcdctl line per step. */
    public static String script(List<String> comments, Globals globals, List<Step> steps) {
        StringBuilder sb = new StringBuilder();
        comments.forEach(c -> sb.append("# ").append(c).append('\n'));
        List<String> exports = globals.exports();
        if (exports.isEmpty()) {
            sb.append("# connection: set ETCDCTL_ENDPOINTS (and ETCDCTL_CACERT, ETCDCTL_CERT, ETCDCTL_KEY for TLS),"
                    + " ETCDCTL_USER=root and ETCDCTL_PASSWORD, or give the options to this command\n");
        }
        exports.forEach(e -> sb.append(e).append('\n'));
        steps.forEach(s -> sb.append(line(s)).append('\n'));
        return sb.toString();
    }

    /** The etcdctl line of one step. */
    public static String line(Step step) {
        if (step instanceof Step.AddRole s) {
            return "etcdctl role add " + quote(s.role());
        }
        if (step instanceof Step.GrantPermission s) {
            return "etcdctl role grant-permission " + quote(s.role()) + " " + rangeFlag(s.permission().range())
                    + s.permission().type().word() + " " + rangeArgs(s.permission().range());
        }
        if (step instanceof Step.RevokePermission s) {
            return "etcdctl role revoke-permission " + quote(s.role()) + " " + rangeFlag(s.permission().range())
                    + rangeArgs(s.permission().range());
        }
        if (step instanceof Step.AddUser s) {
            return "etcdctl user add " + quote(s.user()) + " --interactive=false < " + quote(s.passwordFile().toString());
        }
        if (step instanceof Step.SetPassword s) {
            return "etcdctl user passwd " + quote(s.user()) + " --interactive=false < "
                    + quote(s.passwordFile().toString());
        }
        if (step instanceof Step.GrantRole s) {
            return "etcdctl user grant-role " + quote(s.user()) + " " + quote(s.role());
        }
        if (step instanceof Step.RevokeRole s) {
            return "etcdctl user revoke-role " + quote(s.user()) + " " + quote(s.role());
        }
        if (step instanceof Step.DeleteUser s) {
            return "etcdctl user delete " + quote(s.user());
        }
        if (step instanceof Step.EnableAuth) {
            return "etcdctl auth enable";
        }
        Step.DeleteRole s = (Step.DeleteRole) step;
        return "etcdctl role delete " + quote(s.role());
    }

    private static String rangeFlag(Permission.Range r) {
        return r.isPrefix() ? "--prefix=true " : r.isFromKey() ? "--from-key=true " : "";
    }

    private static String rangeArgs(Permission.Range r) {
        if (r.isPrefix() || r.isFromKey() || r.rangeEnd().isEmpty()) {
            return quote(r.key());
        }
        return quote(r.key()) + " " + quote(r.rangeEnd());
    }

    /** POSIX shell quoting: bare when only safe characters, else single quotes. */
    static String quote(String s) {
        if (!s.isEmpty() && SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
