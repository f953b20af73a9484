package com.capreport.agent.rbac;

import java.nio.file.Path;

/**
 * One change to etcd's users and roles. A step names the password file, never the password: it is
 * read when the step runs ({@link RbacAdmin}) or by the shell ({@link Etcdctl}).
 */
public sealed interface Step {
    /** What the step did, as the command reports it: "role capreport-dock-a: created". */
    String describe();

    record AddRole(String role) implements Step {
        @Override
        public String describe() {
            return "role " + role + ": created";
        }
    }

    record GrantPermission(String role, Permission permission) implements Step {
        @Override
        public String describe() {
            return "role " + role + ": granted " + permission.describe();
        }
    }

    /** Removes whatever type the role holds on {@code range} (etcd revokes by range). */
    record RevokePermission(String role, Permission permission) implements Step {
        @Override
        public String describe() {
            return "role " + role + ": revoked " + permission.describe() + " (not part of what it needs)";
        }
    }

    record AddUser(String user, Path passwordFile) implements Step {
        @Override
        public String describe() {
            return "user " + user + ": created (password from " + passwordFile + ")";
        }
    }

    /** {@code compared}: false when etcd could not tell whether the password already was this one. */
    record SetPassword(String user, Path passwordFile, boolean compared) implements Step {
        @Override
        public String describe() {
            return "user " + user + ": password changed to the one in " + passwordFile
                    + (compared ? "" : " (etcd authentication is off, so the old one could not be compared)");
        }
    }

    record GrantRole(String user, String role) implements Step {
        @Override
        public String describe() {
            return "user " + user + ": granted role " + role;
        }
    }

    record RevokeRole(String user, String role) implements Step {
        @Override
        public String describe() {
            return "user " + user + ": revoked role " + role + " (not part of what it needs)";
        }
    }

    record DeleteUser(String user) implements Step {
        @Override
        public String describe() {
            return "user " + user + ": deleted";
        }
    }

    record DeleteRole(String role) implements Step {
        @Override
        public String describe() {
            return "role " + role + ": deleted";
        }
    }

    /** Turns etcd authentication on; needs a user root holding the role root, which etcd checks. */
    record EnableAuth() implements Step {
        @Override
        public String describe() {
            return "etcd authentication: enabled (connect as root from now on: --user root --password-file FILE)";
        }
    }
}
