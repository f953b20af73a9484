/** The events panel and notifications, fed by {@link com.capreport.model.EstateEvents}. */
package com.capreport.dashboard.events;
