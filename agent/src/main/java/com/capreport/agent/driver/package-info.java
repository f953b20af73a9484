/**
 * The southbound driver interface: one small SPI ({@link com.capreport.agent.driver.StorageDriver})
 * that lists a backend's pools with the capabilities the backend itself reports, and the registry
 * of drivers by name. Drivers live in sub-packages, one per backend kind; they never touch etcd.
 */
package com.capreport.agent.driver;
