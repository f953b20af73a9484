package com.capreport.agent.etcd;

import com.capreport.model.Estate;
import java.time.Instant;

/**
 * What the consumer (the dashboard's FX thread) receives in one hand-off: the latest estate, the connection, and when.
 * {@code loaded} is false until the first full listing arrived (the estate is empty then, not real).
 */
public record EstateUpdate(Estate estate, EstateWatcher.Connection connection, int endpoints, Instant at,
                           boolean loaded) {
}
