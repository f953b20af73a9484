/**
 * The {@code capreport} command line (picocli): {@code agent}, {@code pools}, {@code docks},
 * {@code profiles list|show|apply|delete|check}, {@code match} (offline, no etcd), {@code demo},
 * {@code admin grant-dock|grant-reader|grant-profile-admin|revoke} (etcd users and roles, {@code agent.rbac}).
 * Commands parse options and print; etcd access and file parsing live in their feature packages
 * ({@code agent.etcd}, {@code agent.profiles}). Errors are one line on stderr; exit codes (ExitCodes, README) 0 ok,
 * 1 a check found a problem, 2 usage or config error, 3 etcd or the agent cannot be reached, 4 output
 * not written, 70 internal error.
 */
package com.capreport.agent.cli;
