/**
 * The one way the agent runs external commands: {@link com.capreport.agent.exec.CommandRunner},
 * with a deadline that kills the child (and its descendants), {@code LC_ALL=C} so output parses
 * the same everywhere, and stderr captured into the error.
 */
package com.capreport.agent.exec;
