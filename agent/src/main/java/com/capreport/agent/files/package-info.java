/**
 * Writing files safely: the one atomic writer (temporary file next to the target, flushed, then
 * renamed over it) that the CLI's export and the dashboard's export share. Plain {@code java.nio};
 * nothing here knows about etcd, the CLI or JavaFX.
 */
package com.capreport.agent.files;
