package com.capreport.agent.driver;

import java.time.Duration;
import java.util.List;

/**
 * A backend driver: lists the backend's pools with what the backend says they can do.
 *
 * <p>Implementations must return or throw within {@code timeout} (external commands go through
 * {@link com.capreport.agent.exec.CommandRunner}, which kills them at the deadline). The discovery
 * loop also cuts a call that overruns; a driver thread that ignores the interrupt is not started
 * again until it returns (the loop reports "the previous call … still has not returned").
 */
public interface StorageDriver extends AutoCloseable {

    /** The driver's registry name ("filesystem", "sim", "lvm", …). */
    String driverName();

    /**
     * One listing of every pool the backend has now. Throwing means "the backend failed": the
     * loop marks the backend's pools {@code error}; an empty list means "it has no pools".
     */
    List<DiscoveredPool> listPools(Duration timeout) throws DriverException, InterruptedException;

    @Override
    default void close() {
    }
}
