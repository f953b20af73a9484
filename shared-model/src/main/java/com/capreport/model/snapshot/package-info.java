/**
 * Capability snapshots: building one from an estate (with the profiles' matches), reading one back
 * (schema version and corrupt files refused with the file and position), the flat CSV of pools,
 * and the diff of two moments. Pure: the CLI and the dashboard do the file I/O.
 */
package com.capreport.model.snapshot;
