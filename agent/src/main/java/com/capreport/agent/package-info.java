/**
 * The agent ("dock") of Capabilities Report. {@link com.capreport.agent.Agent} is the public entry
 * point that the CLI and the dashboard's embedded agent use: it wires config, drivers, the dock
 * session in etcd, one discovery loop per backend and the gRPC DockService. Nothing in this module
 * may depend on JavaFX.
 */
package com.capreport.agent;
