/**
 * The JavaFX dashboard's shell: {@link com.capreport.dashboard.Launcher} (options, no-display
 * refusal, headless screenshots, embedded agent), the application and its main layout. Features
 * live in sub-packages (pools, docks, events, invalid) as view + view-model pairs; view-models do
 * not import {@code javafx.scene}. Uses only the agent's public API.
 */
package com.capreport.dashboard;
