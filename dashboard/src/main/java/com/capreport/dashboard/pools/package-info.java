/** The pools table, its filters and change highlight, and the pool details pane. */
package com.capreport.dashboard.pools;
