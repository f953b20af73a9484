package com.capreport.agent.driver;

import com.capreport.agent.config.ConfigNode;
import com.capreport.agent.exec.CommandRunner;
import java.time.Clock;

/** What a driver factory gets: the backend's name, its own options node, a command runner, a clock. */
public record DriverContext(String backendName, ConfigNode options, CommandRunner runner, Clock clock) {
}
