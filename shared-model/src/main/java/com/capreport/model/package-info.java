/**
 * The shared data model of Capabilities Report: the records that travel through etcd and the
 * export format (PoolSpec, DockSpec, LoopStatus, ProfileSpec, Snapshot), their JSON codec, the
 * etcd key layout and the stable pool ids.
 *
 * <p>Pure Java plus Jackson: nothing here does I/O or knows about etcd clients, gRPC or JavaFX,
 * so the agent, the CLI and the dashboard all read the same shapes the same way.
 */
package com.capreport.model;
