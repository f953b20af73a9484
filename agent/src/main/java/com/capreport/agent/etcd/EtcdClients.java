package com.capreport.agent.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Builds jetcd clients from an {@link EtcdConnection}, and waits on etcd futures with a deadline. */
public final class EtcdClients {
    private EtcdClients() {
    }

    /** The largest answer the client accepts (gRPC's default is 4 MiB); readers page well below it. */
    public static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

    /** A problem with the connection settings themselves (unreadable key, missing password). */
    public static final class SettingsException extends Exception {
        private static final long serialVersionUID = 1L;

        public SettingsException(String message) {
            super(message);
        }
    }

    public static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    public static Client connect(EtcdConnection c) throws SettingsException {
        ClientBuilder b = Client.builder()
                .endpoints(c.endpoints().stream().map(String::trim).toArray(String[]::new))
                .connectTimeout(Duration.ofSeconds(3))
                .keepaliveTime(Duration.ofSeconds(10))
                .keepaliveTimeout(Duration.ofSeconds(5))
                .retryMaxDuration(Duration.ofSeconds(10))
                // Listing pages of EstateReader.PAGE pool documents can exceed gRPC's 4 MiB default.
                .maxInboundMessageSize(MAX_INBOUND_BYTES);
        boolean https = c.endpoints().stream().anyMatch(e -> e.trim().startsWith("https://"));
        if (c.tls().isEmpty() && https) {
            // https without our own CA: TLS with the JVM's default trust store, never plaintext.
            try {
                b.sslContext(GrpcSslContexts.forClient().build());
            } catch (IOException e) {
                throw new SettingsException("etcd TLS: cannot set up TLS with the default trust store: " + oneLine(e));
            }
        }
        if (c.tls().isPresent()) {
            EtcdConnection.Tls tls = c.tls().get();
            try {
                SslContextBuilder ssl = GrpcSslContexts.forClient();
                if (tls.cacert().isPresent()) {
                    ssl.trustManager(tls.cacert().get().toFile());
                }
                if (tls.cert().isPresent() && tls.key().isPresent()) {
                    ssl.keyManager(tls.cert().get().toFile(), tls.key().get().toFile());
                }
                b.sslContext(ssl.build());
            } catch (IOException | IllegalArgumentException e) {
                throw new SettingsException("etcd TLS: cannot load " + tls.cacert().map(p -> "CA " + p + " ").orElse("")
                        + tls.cert().map(p -> "certificate " + p + " / key " + tls.key().orElse(null) + " ").orElse("")
                        + "(PEM files, key in PKCS#8): " + oneLine(e));
            }
        }
        if (c.user().isPresent()) {
            b.user(bytes(c.user().get()));
            b.password(ByteSequence.from(password(c).getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    /** The password, from the file or the environment variable; never logged. */
    static String password(EtcdConnection c) throws SettingsException {
        if (c.passwordFile().isPresent()) {
            try {
                String p = Files.readString(c.passwordFile().get(), StandardCharsets.UTF_8).strip();
                if (p.isEmpty()) {
                    throw new SettingsException("etcd password file " + c.passwordFile().get() + " is empty");
                }
                return p;
            } catch (IOException e) {
                throw new SettingsException("cannot read etcd password file " + c.passwordFile().get() + ": "
                        + oneLine(e));
            }
        }
        String env = c.passwordEnv().orElse(EtcdConnection.ENV_PASSWORD);
        String p = System.getenv(env);
        if (p == null || p.isEmpty()) {
            throw new SettingsException("etcd user '" + c.user().orElse("") + "' needs a password: set " + env
                    + " or use a password file (--password-file / etcd.passwordFile)");
        }
        return p;
    }

    /** Waits for an etcd call; a timeout or a failure becomes a typed failure with one line naming the operation. */
    public static <T> T await(CompletableFuture<T> f, Duration timeout, String what) throws EtcdUnavailableException,
            InterruptedException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new EtcdUnavailableException(EtcdFailure.TIMEOUT, what + ": etcd did not answer within "
                    + com.capreport.model.Durations.format(timeout), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            EtcdFailure failure = classify(cause);
            throw new EtcdUnavailableException(failure, what + ": " + describe(failure, cause), e);
        }
    }

    /**
     * The one place that decides why etcd (or gRPC under it) failed: from the status code, and for
     * the codes etcd shares between several errors, from etcd's own error constants (rpctypes:
     * "etcdserver: requested lease not found", "etcdserver: mvcc: database space exceeded", …),
     * which are part of its API, not prose.
     */
    public static EtcdFailure classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof io.etcd.jetcd.common.exception.CompactedException) {
                return EtcdFailure.COMPACTED;
            }
            if (c instanceof io.etcd.jetcd.lease.NoSuchLeaseException) {
                return EtcdFailure.LEASE_NOT_FOUND;
            }
            if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException) {
                return EtcdFailure.TLS;
            }
        }
        String text = oneLine(t).toLowerCase(java.util.Locale.ROOT);
        Optional<io.grpc.Status.Code> code = statusCode(t);
        if (text.contains("lease not found")) {
            return EtcdFailure.LEASE_NOT_FOUND;
        }
        if (text.contains("database space exceeded")) {
            return EtcdFailure.NO_SPACE;
        }
        if (text.contains("corrupt cluster")) {
            return EtcdFailure.CORRUPT;
        }
        if (text.contains("required revision has been compacted")) {
            return EtcdFailure.COMPACTED;
        }
        if (text.contains("authentication failed") || text.contains("invalid user id or password")
                || text.contains("invalid auth token") || code.filter(c -> c == io.grpc.Status.Code.UNAUTHENTICATED).isPresent()) {
            return EtcdFailure.AUTH;
        }
        if (text.contains("permission denied") || code.filter(c -> c == io.grpc.Status.Code.PERMISSION_DENIED).isPresent()) {
            return EtcdFailure.PERMISSION;
        }
        if (text.contains("exceeds maximum size") || text.contains("request is too large")
                || text.contains("too many operations in txn request")) {
            return EtcdFailure.TOO_LARGE;
        }
        if (text.contains("pkix") || text.contains("ssl") || text.contains("certificate")) {
            return EtcdFailure.TLS;
        }
        if (code.isPresent()) {
            return switch (code.get()) {
                case UNAVAILABLE, CANCELLED, ABORTED -> EtcdFailure.UNREACHABLE;
                case DEADLINE_EXCEEDED -> EtcdFailure.TIMEOUT;
                case RESOURCE_EXHAUSTED -> EtcdFailure.TOO_LARGE;
                default -> EtcdFailure.OTHER;
            };
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.nio.channels.ClosedChannelException
                    || c instanceof io.etcd.jetcd.common.exception.ClosedClientException) {
                return EtcdFailure.UNREACHABLE;
            }
        }
        return EtcdFailure.OTHER;
    }

    private static Optional<io.grpc.Status.Code> statusCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof io.etcd.jetcd.common.exception.EtcdException e) {
                return Optional.of(io.grpc.Status.Code.valueOf(e.getErrorCode().name()));
            }
            if (c instanceof io.grpc.StatusRuntimeException e) {
                return Optional.of(e.getStatus().getCode());
            }
            if (c instanceof io.grpc.StatusException e) {
                return Optional.of(e.getStatus().getCode());
            }
        }
        return Optional.empty();
    }

    /**
     * An etcd failure in an admin's words: TLS and credential problems named as such (they are not
     * outages), alarms with what to do, gRPC status codes dropped.
     */
    static String describe(EtcdFailure failure, Throwable t) {
        String msg = oneLine(t).replaceFirst("^[A-Z_]+: ", "");
        return switch (failure) {
            case AUTH -> "etcd refused the credentials (authentication failed: check the user and the password)";
            case PERMISSION -> "etcd refused the operation for this user (permission denied: check its role's key range)";
            case TLS -> "TLS handshake failed (" + msg + "; check --cacert / etcd.cacert and the client certificate)";
            case NO_SPACE -> "etcd refuses writes: its NOSPACE alarm is raised (database reached --quota-backend-bytes;"
                    + " compact, defragment, then `etcdctl alarm disarm`: see docs/troubleshooting.md)";
            case CORRUPT -> "etcd refuses writes: its CORRUPT alarm is raised (a member's data diverged;"
                    + " see docs/troubleshooting.md)";
            default -> msg;
        };
    }

    public static String oneLine(Throwable t) {
        Throwable root = t;
        String msg = null;
        while (root != null) {
            if (root.getMessage() != null && !root.getMessage().isBlank()) {
                msg = root.getMessage();
            }
            if (root.getCause() == null || root.getCause() == root) {
                break;
            }
            root = root.getCause();
        }
        return Optional.ofNullable(msg).orElse(t.getClass().getSimpleName()).replaceAll("\\s+", " ").trim();
    }
}
