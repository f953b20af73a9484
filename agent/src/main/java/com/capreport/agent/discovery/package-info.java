/**
 * Discovery loops: one {@link com.capreport.agent.discovery.DiscoveryLoop} per backend, each owning
 * its thread, polling its driver with a timeout, turning listings into PoolSpecs
 * ({@link com.capreport.agent.discovery.PoolAssembler}) and publishing only what changed, fenced,
 * through the dock session. Loop bodies never throw and never die on a backend's error.
 */
package com.capreport.agent.discovery;
