package com.capreport.agent.driver;

import com.capreport.agent.config.ConfigException;
import java.util.Set;

/** Creates one driver kind from a backend's config. */
public interface DriverFactory {
    /** The value of {@code backends[].driver}. */
    String name();

    /** The driver's own option keys (besides name, driver, extras, poolExtras, interval, timeout). */
    Set<String> optionKeys();

    /** Validates the options and creates the driver; problems name the file and key. */
    StorageDriver create(DriverContext context) throws ConfigException;
}
