/**
 * The load harness behind {@code capreport bench}: many simulated docks running the real agent
 * code against a real etcd, the dashboard's real data model as the consumer, and the figures
 * that say whether the design holds (docs/performance.md). A benchmark, not a test: CI runs a
 * tiny smoke version only.
 */
package com.capreport.agent.bench;
