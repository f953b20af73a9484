package com.capreport.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The value of {@code docks/{id}/alive}: who holds the dock. The key lives exactly as long as the
 * agent's process lease, so its presence is the dock's liveness.
 *
 * <p>{@code machineId} (a documented extension: {@code /etc/machine-id}, else the boot id) tells a
 * restart on the same machine, which may take over a claim whose process is gone, from another
 * machine that merely has the same host name, which must be refused.
 *
 * <p>{@code leaseTtl} (a documented extension; null from older agents) is the TTL of the process
 * lease and of the loop leases: readers turn it into "lease renewed ≤ 10 s ago" and into how long a
 * vanished loop key is "silent" before it counts as a dead thread.
 *
 * <p>{@code proofPeriod} (a documented extension; null from agents before proof of life) is how
 * often the agent rewrites {@code docks/{id}/proof} ({@link DockProof}). Readers judge the proof
 * only when the holder states a period: an older agent's dock is not called unverified.
 */
public record DockAlive(String host, long pid, Instant startedAt, String version, String endpoint, String machineId,
                        @JsonInclude(JsonInclude.Include.NON_NULL)
                        @JsonSerialize(using = Json.DurationSerializer.class)
                        @JsonDeserialize(using = Json.DurationDeserializer.class)
                        Duration leaseTtl,
                        @JsonInclude(JsonInclude.Include.NON_NULL)
                        @JsonSerialize(using = Json.DurationSerializer.class)
                        @JsonDeserialize(using = Json.DurationDeserializer.class)
                        Duration proofPeriod) {
    @JsonCreator
    public DockAlive {
        host = host == null ? "" : host;
        version = version == null ? "" : version;
        endpoint = endpoint == null ? "" : endpoint;
        machineId = machineId == null ? "" : machineId;
    }

    /** A holder whose lease TTL is not known (older agents, tests). */
    public DockAlive(String host, long pid, Instant startedAt, String version, String endpoint, String machineId) {
        this(host, pid, startedAt, version, endpoint, machineId, null, null);
    }

    /** A holder that writes no proof of life (older agents, tests). */
    public DockAlive(String host, long pid, Instant startedAt, String version, String endpoint, String machineId,
                     Duration leaseTtl) {
        this(host, pid, startedAt, version, endpoint, machineId, leaseTtl, null);
    }

    /** How often the agent rewrites its proof of life, when it writes one. */
    public Optional<Duration> proof() {
        return Optional.ofNullable(proofPeriod).filter(p -> !p.isZero() && !p.isNegative());
    }

    /** The lease TTL the agent granted, when it said. */
    public Optional<Duration> lease() {
        return Optional.ofNullable(leaseTtl);
    }

    /** "host web-3 pid 4711 since 2026-11-25 10:00:00 UTC", for refusals, events and the CLI. */
    public String describe() {
        return "host " + (host.isEmpty() ? "?" : host) + " pid " + pid + " since " + Instants.utc(startedAt);
    }

    /** Whether this is the same process as {@code other} (same machine, pid and start). */
    public boolean sameProcessAs(DockAlive other) {
        return other != null && pid == other.pid && machineId.equals(other.machineId) && host.equals(other.host)
                && java.util.Objects.equals(startedAt, other.startedAt);
    }
}
