/**
 * Profile matching: the requirement language (the OpenStack volume-type operators, with Cinder's
 * answers on text and typed answers on numbers, booleans and lists), per-pool verdicts with one
 * reason per failing requirement, per-profile reports (ranked matches, the blocking requirement,
 * relaxation suggestions), validation of a profile against what pools report, and an incremental
 * {@link com.capreport.model.match.MatchBook} for live re-evaluation.
 *
 * <p>Pure Java: no I/O, no etcd, no JavaFX. The CLI, the dashboard and the export use these
 * classes and never re-implement a rule.
 */
package com.capreport.model.match;
