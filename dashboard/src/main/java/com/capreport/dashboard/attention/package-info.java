/**
 * The Attention view, the dashboard's home: what is wrong now, worst first, each line with a way to
 * the item in its own view; and the header's problem counts. The ranking itself is the model's
 * {@link com.capreport.model.attention.Attention}; this package only shows it and navigates.
 */
package com.capreport.dashboard.attention;
