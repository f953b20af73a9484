package com.capreport.agent.rbac;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps from what etcd holds to what is wanted. Pure: {@link RbacAdmin} reads the state and
 * applies the steps, {@link Etcdctl} prints the steps from an empty state. Re-running on a state
 * that already is the wanted one yields no step ("unchanged").
 */
public final class RbacPlan {
    private RbacPlan() {
    }

    /** Whether the user's current password is the one in the file (decided by logging in with it). */
    public enum Password {
        /** The file's password logs the user in: nothing to change. */
        SAME,
        /** It does not: set it. */
        DIFFERENT,
        /** etcd authentication is off, so no login can tell: set it. */
        UNKNOWN,
        /** No password file was given: keep the user's password. */
        NOT_GIVEN
    }

    /**
     * What etcd holds for one user and its role: the role's permissions (empty when the role does
     * not exist), the user's roles (empty when the user does not exist).
     */
    public record Current(Optional<List<Permission>> role, Optional<List<String>> userRoles, Password password) {
        public static final Current NOTHING = new Current(Optional.empty(), Optional.empty(), Password.NOT_GIVEN);
    }

    /**
     * Role first (created, then granted exactly the wanted permissions, revoking any other), then the
     * user (created with the password, or given the new one), then the user's roles (exactly this one):
     * a user never holds the role before the role is right, so it is never briefly wider than wanted.
     */
    public static List<Step> grant(Access wanted, Current current, Optional<Path> passwordFile) {
        List<Step> steps = new ArrayList<>();
        if (current.role().isEmpty()) {
            steps.add(new Step.AddRole(wanted.role()));
        }
        Map<Permission.Range, Permission> have = new LinkedHashMap<>();
        current.role().orElse(List.of()).forEach(p -> have.put(p.range(), p));
        Map<Permission.Range, Permission> want = new LinkedHashMap<>();
        wanted.permissions().forEach(p -> want.put(p.range(), p));
        for (Permission p : have.values()) {
            if (!want.containsKey(p.range())) {
                steps.add(new Step.RevokePermission(wanted.role(), p));
            }
        }
        for (Permission p : want.values()) {
            Permission h = have.get(p.range());
            // A grant on a range the role already has replaces its type (etcd keys permissions by range).
            if (h == null || h.type() != p.type()) {
                steps.add(new Step.GrantPermission(wanted.role(), p));
            }
        }
        if (current.userRoles().isEmpty()) {
            steps.add(new Step.AddUser(wanted.user(), passwordFile.orElseThrow(() ->
                    new IllegalArgumentException("a new user needs a password file"))));
        } else if (passwordFile.isPresent()
                && (current.password() == Password.DIFFERENT || current.password() == Password.UNKNOWN)) {
            steps.add(new Step.SetPassword(wanted.user(), passwordFile.get(), current.password() == Password.DIFFERENT));
        }
        List<String> roles = current.userRoles().orElse(List.of());
        for (String r : roles) {
            if (!r.equals(wanted.role())) {
                steps.add(new Step.RevokeRole(wanted.user(), r));
            }
        }
        if (!roles.contains(wanted.role())) {
            steps.add(new Step.GrantRole(wanted.user(), wanted.role()));
        }
        return List.copyOf(steps);
    }

    /**
     * Removes the user and its role. The role is kept when other users hold it too (granted by hand):
     * deleting it would take their permissions away, which {@code revoke NAME} does not promise.
     */
    public static List<Step> revoke(String name, boolean userExists, boolean roleExists, List<String> otherHolders) {
        List<Step> steps = new ArrayList<>();
        if (userExists) {
            steps.add(new Step.DeleteUser(name));
        }
        if (roleExists && otherHolders.isEmpty()) {
            steps.add(new Step.DeleteRole(name));
        }
        return List.copyOf(steps);
    }

    /**
     * Turns authentication on: a root user (created with the password file when missing; an
     * existing one keeps its password), the role root granted to it, then {@code auth enable}.
     */
    public static List<Step> enableAuth(Optional<List<String>> rootRoles, Optional<Path> rootPasswordFile) {
        List<Step> steps = new ArrayList<>();
        if (rootRoles.isEmpty()) {
            steps.add(new Step.AddUser("root", rootPasswordFile.orElseThrow(() ->
                    new IllegalArgumentException("a new root user needs a password file"))));
        }
        if (!rootRoles.orElse(List.of()).contains("root")) {
            steps.add(new Step.GrantRole("root", "root"));
        }
        steps.add(new Step.EnableAuth());
        return List.copyOf(steps);
    }
}
