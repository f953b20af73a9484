/**
 * Service profiles as admins handle them: profile files (YAML or JSON, one or many) parsed
 * strictly with one-line errors ({@link com.capreport.agent.profiles.ProfileFiles}), and the
 * profiles under {@code {prefix}/profiles/} in etcd, written only by compare-and-swap on the key's
 * revision ({@link com.capreport.agent.profiles.ProfileStore}), so two admins never silently
 * overwrite each other. Matching itself lives in {@code shared-model}; nothing here prints.
 */
package com.capreport.agent.profiles;
