/**
 * Shared by the features: the coalescing estate feed (the only place that hands estates to the FX
 * thread), tones and status badges, formatting of sizes and ages, PNG export.
 */
package com.capreport.dashboard.common;
