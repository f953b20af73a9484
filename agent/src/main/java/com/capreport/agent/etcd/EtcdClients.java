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
                .maxInboundMessageSize(64 * 1024 * 1024);
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

    /** Waits for an etcd call; a timeout or a failure becomes one line naming the operation. */
    public static <T> T await(CompletableFuture<T> f, Duration timeout, String what) throws EtcdUnavailableException,
            InterruptedException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new EtcdUnavailableException(what + ": etcd did not answer within "
                    + com.capreport.model.Durations.format(timeout), e);
        } catch (ExecutionException e) {
            throw new EtcdUnavailableException(what + ": " + describe(e.getCause() == null ? e : e.getCause()), e);
        }
    }

    /**
     * An etcd failure in an admin's words: TLS and credential problems named as such (they are not
     * outages), gRPC status codes dropped.
     */
    static String describe(Throwable t) {
        String msg = oneLine(t);
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("authentication failed") || lower.contains("invalid user id or password")) {
            return "etcd refused the credentials (authentication failed: check the user and the password)";
        }
        if (lower.contains("permission denied")) {
            return "etcd refused the operation for this user (permission denied: check its role's key range)";
        }
        if (lower.contains("pkix") || lower.contains("certificate") || lower.contains("ssl") || lower.contains("tls")) {
            return "TLS handshake failed (" + msg.replaceFirst("^[A-Z_]+: ", "")
                    + "; check --cacert / etcd.cacert and the client certificate)";
        }
        return msg.replaceFirst("^[A-Z_]+: ", "");
    }

    /** Whether the failure is a credentials or permission problem rather than an outage. */
    public static boolean isRefusal(String message) {
        return message.contains("etcd refused");
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
