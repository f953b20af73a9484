/**
 * Events and notifications: the history fed by {@link com.capreport.model.EstateEvents}, the open
 * problems ({@link com.capreport.dashboard.events.OpenProblems}) with the acknowledgements shared
 * through etcd, and the in-window notification stack whose coalescing lives in the headless
 * {@link com.capreport.dashboard.events.NotificationBook}.
 */
package com.capreport.dashboard.events;
