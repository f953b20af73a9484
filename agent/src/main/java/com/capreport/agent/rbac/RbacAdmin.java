package com.capreport.agent.rbac;

import static com.capreport.agent.etcd.EtcdClients.await;
import static com.capreport.agent.etcd.EtcdClients.bytes;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.EtcdFailure;
import com.capreport.agent.etcd.EtcdUnavailableException;
import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and changes etcd's users and roles through jetcd's Auth client, as the connection's user
 * (etcd's {@code root} when authentication is on). Reading is separate from changing so that the
 * command can plan ({@link RbacPlan}) and refuse before anything is written.
 */
public final class RbacAdmin {
    /** etcd's error constants (rpctypes), part of its API: a missing user or role is an answer, not a failure. */
    private static final String ROLE_NOT_FOUND = "role name not found";
    private static final String USER_NOT_FOUND = "user name not found";
    /** What etcd 3.4 answers a login when authentication is off (ErrAuthNotEnabled). */
    public static final String AUTH_NOT_ENABLED = "authentication is not enabled";

    private final Client client;
    private final EtcdConnection connection;
    private final Duration timeout;

    public RbacAdmin(Client client, EtcdConnection connection, Duration timeout) {
        this.client = client;
        this.connection = connection;
        this.timeout = timeout;
    }

    /**
     * Whether etcd enforces authentication. With a user on the connection, every call so far logged
     * in, so it does; without one, user management only works while authentication is off.
     */
    public boolean authEnabled() {
        return connection.user().isPresent();
    }

    /** The role's permissions, or empty when there is no such role. */
    public Optional<List<Permission>> role(String role) throws EtcdUnavailableException, InterruptedException {
        try {
            List<Permission> l = new ArrayList<>();
            for (io.etcd.jetcd.auth.Permission p : await(auth().roleGet(bytes(role)), timeout, "read role " + role)
                    .getPermissions()) {
                l.add(new Permission(type(p.getPermType()), text(p.getKey()), text(p.getRangeEnd())));
            }
            return Optional.of(List.copyOf(l));
        } catch (EtcdUnavailableException e) {
            if (says(e, ROLE_NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The user's roles, or empty when there is no such user. */
    public Optional<List<String>> user(String user) throws EtcdUnavailableException, InterruptedException {
        try {
            return Optional.of(List.copyOf(await(auth().userGet(bytes(user)), timeout, "read user " + user).getRoles()));
        } catch (EtcdUnavailableException e) {
            if (says(e, USER_NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Users other than {@code except} that hold {@code role}. */
    public List<String> holders(String role, String except) throws EtcdUnavailableException, InterruptedException {
        List<String> l = new ArrayList<>();
        for (String u : await(auth().userList(), timeout, "list users").getUsers()) {
            if (!u.equals(except) && user(u).orElse(List.of()).contains(role)) {
                l.add(u);
            }
        }
        return l;
    }

    /**
     * Whether the password in {@code file} logs {@code user} in: etcd keeps only a hash, so logging
     * in is the one way to know whether it already is the wanted password (and so to stay "unchanged").
     */
    public RbacPlan.Password passwordOf(String user, Path file) throws EtcdUnavailableException, InterruptedException {
        if (!authEnabled()) {
            return RbacPlan.Password.UNKNOWN;
        }
        EtcdConnection as = new EtcdConnection(connection.endpoints(), connection.prefix(), connection.tls(),
                Optional.of(user), Optional.of(file), Optional.empty());
        try (Client c = EtcdClients.connect(as)) {
            // Any read will do: logging in happens first; a refusal of the key itself means the login worked.
            await(c.getKVClient().get(bytes(connection.layout().root())), timeout, "log in as " + user);
            return RbacPlan.Password.SAME;
        } catch (EtcdClients.SettingsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (EtcdUnavailableException e) {
            if (e.failure() == EtcdFailure.PERMISSION) {
                return RbacPlan.Password.SAME;
            }
            if (e.failure() == EtcdFailure.AUTH) {
                return RbacPlan.Password.DIFFERENT;
            }
            throw e;
        }
    }

    /** Applies the steps in order; a failure stops there (the steps before it stay done, and re-running completes). */
    public void apply(List<Step> steps) throws EtcdUnavailableException, InterruptedException {
        for (Step s : steps) {
            apply(s);
        }
    }

    private void apply(Step step) throws EtcdUnavailableException, InterruptedException {
        Auth a = auth();
        String what = step.describe();
        if (step instanceof Step.AddRole s) {
            await(a.roleAdd(bytes(s.role())), timeout, "add role " + s.role());
        } else if (step instanceof Step.GrantPermission s) {
            Permission p = s.permission();
            await(a.roleGrantPermission(bytes(s.role()), bytes(p.key()), bytes(p.rangeEnd()), jetcd(p.type())),
                    timeout, "grant " + p.describe() + " to role " + s.role());
        } else if (step instanceof Step.RevokePermission s) {
            Permission p = s.permission();
            await(a.roleRevokePermission(bytes(s.role()), bytes(p.key()), bytes(p.rangeEnd())), timeout,
                    "revoke " + p.describe() + " from role " + s.role());
        } else if (step instanceof Step.AddUser s) {
            await(a.userAdd(bytes(s.user()), password(s.passwordFile())), timeout, "add user " + s.user());
        } else if (step instanceof Step.SetPassword s) {
            await(a.userChangePassword(bytes(s.user()), password(s.passwordFile())), timeout,
                    "change the password of user " + s.user());
        } else if (step instanceof Step.GrantRole s) {
            await(a.userGrantRole(bytes(s.user()), bytes(s.role())), timeout, "grant role " + s.role() + " to " + s.user());
        } else if (step instanceof Step.RevokeRole s) {
            await(a.userRevokeRole(bytes(s.user()), bytes(s.role())), timeout,
                    "revoke role " + s.role() + " from " + s.user());
        } else if (step instanceof Step.DeleteUser s) {
            await(a.userDelete(bytes(s.user())), timeout, "delete user " + s.user());
        } else if (step instanceof Step.EnableAuth) {
            await(a.authEnable(), timeout, "enable authentication");
        } else if (step instanceof Step.DeleteRole s) {
            await(a.roleDelete(bytes(s.role())), timeout, "delete role " + s.role());
        } else {
            throw new IllegalStateException("unknown step " + what);
        }
    }

    /**
     * A new user's password from its file: trailing newline and outer whitespace dropped (as the
     * agent reads its passwordFile), not empty, no whitespace inside (etcdctl's
     * {@code --interactive=false} reads one word, so the printed recipe would set another password).
     */
    public static String readPassword(Path file) throws IOException {
        String p = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (p.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        if (p.chars().anyMatch(Character::isWhitespace)) {
            throw new IOException(file + " holds a password with whitespace inside, which etcdctl cannot read back"
                    + " from a file; use one without");
        }
        return p;
    }

    private static ByteSequence password(Path file) throws EtcdUnavailableException {
        try {
            return ByteSequence.from(readPassword(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Checked by the command before any step; here only if the file changed since.
            throw new EtcdUnavailableException(EtcdFailure.OTHER, "cannot read the new password: " + e.getMessage(), e);
        }
    }

    private Auth auth() {
        return client.getAuthClient();
    }

    /** Whether etcd refused a login because its authentication is off (the connection then takes no user). */
    public static boolean authNotEnabled(EtcdUnavailableException e) {
        return says(e, AUTH_NOT_ENABLED);
    }

    private static boolean says(EtcdUnavailableException e, String constant) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(constant)) {
                return true;
            }
        }
        return false;
    }

    private static String text(ByteSequence b) {
        return b == null ? "" : b.toString(StandardCharsets.UTF_8);
    }

    private static Permission.Type type(io.etcd.jetcd.auth.Permission.Type t) {
        return switch (t) {
            case READ -> Permission.Type.READ;
            case WRITE -> Permission.Type.WRITE;
            default -> Permission.Type.READWRITE;
        };
    }

    private static io.etcd.jetcd.auth.Permission.Type jetcd(Permission.Type t) {
        return switch (t) {
            case READ -> io.etcd.jetcd.auth.Permission.Type.READ;
            case WRITE -> io.etcd.jetcd.auth.Permission.Type.WRITE;
            case READWRITE -> io.etcd.jetcd.auth.Permission.Type.READWRITE;
        };
    }
}
