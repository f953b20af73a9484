/**
 * The {@code sim} driver: simulated pools for demos, tests and load runs, clearly labelled as
 * simulated. It can drift capacity, fail, recover and hang on demand.
 */
package com.capreport.agent.driver.sim;
