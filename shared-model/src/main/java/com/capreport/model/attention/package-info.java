/**
 * What needs attention now, worst first: dead docks, dead report loops, pools in error or degraded
 * with their backend's reason, profiles below their threshold with the blocker and the best
 * suggestion, invalid entries. Worked out from typed values only (liveness, loop health, pool status,
 * match reports), never from display text. Pure: the dashboard's Attention view and a CLI read it.
 */
package com.capreport.model.attention;
