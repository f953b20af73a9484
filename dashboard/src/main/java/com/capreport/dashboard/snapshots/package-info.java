/**
 * Snapshots in the dashboard: export the shown estate (JSON or CSV, written atomically off the FX
 * thread), open a snapshot file to browse it read-only in the existing views, and compare a
 * snapshot with the live estate or with another file. Building, reading and diffing snapshots are
 * the model's ({@code com.capreport.model.snapshot}); writing is the agent's {@code AtomicFiles}.
 * The view-model takes paths and never touches {@code javafx.scene}; the file dialogs sit behind
 * {@link com.capreport.dashboard.snapshots.FileChoice} in the view, so tests supply paths.
 */
package com.capreport.dashboard.snapshots;
