/**
 * Agent configuration: the YAML file of DESIGN.md parsed and validated once, at startup, into
 * immutable records. Every problem is a {@link com.capreport.agent.config.ConfigException} naming
 * the file, the key and what is allowed; nothing falls back silently.
 */
package com.capreport.agent.config;
