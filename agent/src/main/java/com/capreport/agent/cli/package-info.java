/**
 * The {@code capreport} command line (picocli): {@code agent}, {@code pools}, {@code docks},
 * {@code demo}. Errors are one line on stderr; exit codes 0 ok, 1 a check found a problem,
 * 2 usage or config error, 3 etcd or the agent cannot be reached.
 */
package com.capreport.agent.cli;
