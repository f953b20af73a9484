/** The {@code filesystem} driver: configured directories become file pools sized by their file store. */
package com.capreport.agent.driver.fs;
