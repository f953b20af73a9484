/**
 * Reporting to etcd. {@link com.capreport.agent.report.DockSession} owns the dock's process lease
 * and its {@code alive} key (claimed once, refused when another live agent holds it, re-claimed after
 * a lost lease) and fences every write of the agent on that ownership.
 */
package com.capreport.agent.report;
