package com.capreport.agent.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * TLS for the DockService, both ends: the agent's server certificate (and, with a client CA,
 * mutual TLS) and the dashboard's / CLI's client side ({@code --grpc-cacert}, {@code --grpc-cert},
 * {@code --grpc-key}). PEM files are checked at the edge, so a PKCS#1 key or a missing file is one
 * line at start or at {@code --check}, not a Netty stack trace at the first call.
 */
public final class GrpcTls {
    private GrpcTls() {
    }

    /** The agent's side: its certificate chain and PKCS#8 key; with {@code clientCa}, clients must show a certificate it signed. */
    public record Server(Path cert, Path key, Optional<Path> clientCa) {
        public boolean mutual() {
            return clientCa.isPresent();
        }
    }

    /**
     * A client's side: the CA that signed the agent's certificate (empty: the JVM's trust store) and,
     * for mutual TLS, the client's own certificate and key.
     */
    public record Client(Optional<Path> cacert, Optional<Path> cert, Optional<Path> key) {
        /** TLS when any of the three is given; plain text otherwise. */
        public static Optional<Client> of(Path cacert, Path cert, Path key) {
            return cacert == null && cert == null && key == null ? Optional.empty()
                    : Optional.of(new Client(Optional.ofNullable(cacert), Optional.ofNullable(cert), Optional.ofNullable(key)));
        }

        /** The first problem with the files (unreadable, not PEM, a PKCS#1 key, cert without key), if any. */
        public Optional<String> problem(String certOpt, String keyOpt, String caOpt) {
            if (cert.isPresent() != key.isPresent()) {
                return Optional.of(certOpt + " and " + keyOpt + " go together: give both or neither");
            }
            Optional<String> p = cacert.flatMap(f -> certProblem(f, caOpt));
            if (p.isEmpty()) {
                p = cert.flatMap(f -> certProblem(f, certOpt));
            }
            if (p.isEmpty()) {
                p = key.flatMap(f -> keyProblem(f, keyOpt));
            }
            if (p.isEmpty() && cert.isPresent()) {
                p = pairProblem(cert.get(), key.get(), keyOpt);
            }
            return p;
        }
    }

    /** What is wrong with a PEM certificate file, if anything ({@code what} names the option or key). */
    public static Optional<String> certProblem(Path file, String what) {
        Optional<String> text = read(file);
        if (text.isEmpty()) {
            return Optional.of(what + ": cannot read file '" + file + "'");
        }
        if (!text.get().contains("-----BEGIN CERTIFICATE-----")) {
            return Optional.of(what + ": '" + file + "' is not a PEM certificate (no BEGIN CERTIFICATE line)");
        }
        return Optional.empty();
    }

    /** What is wrong with a PEM private key file, if anything: it must be unencrypted PKCS#8. */
    public static Optional<String> keyProblem(Path file, String what) {
        Optional<String> read = read(file);
        if (read.isEmpty()) {
            return Optional.of(what + ": cannot read file '" + file + "'");
        }
        String text = read.get();
        String convert = "; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out "
                + file.getFileName() + ".pk8";
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            return Optional.of(what + ": '" + file + "' is a PKCS#1 key (BEGIN RSA PRIVATE KEY)" + convert);
        }
        if (text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            return Optional.of(what + ": '" + file + "' is a SEC1 EC key (BEGIN EC PRIVATE KEY)" + convert);
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            return Optional.of(what + ": '" + file + "' is encrypted; the agent cannot ask for a pass phrase"
                    + convert);
        }
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            return Optional.of(what + ": '" + file + "' is not a PEM private key (no BEGIN PRIVATE KEY line)");
        }
        return Optional.empty();
    }

    /**
     * Whether {@code key} is the private key of the (first) certificate in {@code cert}: a test
     * signature checked with the certificate's public key. Netty would accept a wrong pair at start
     * and fail every handshake later; this says it at config load. Unknown key types are not checked.
     */
    public static Optional<String> pairProblem(Path cert, Path key, String what) {
        try (java.io.InputStream in = Files.newInputStream(cert)) {
            java.security.cert.X509Certificate c = (java.security.cert.X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            String alg = c.getPublicKey().getAlgorithm();
            String sig = switch (alg) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> null;
            };
            if (sig == null) {
                return Optional.empty();
            }
            String pem = Files.readString(key, StandardCharsets.ISO_8859_1);
            int from = pem.indexOf("-----BEGIN PRIVATE KEY-----");
            int to = pem.indexOf("-----END PRIVATE KEY-----");
            byte[] der = java.util.Base64.getMimeDecoder().decode(pem.substring(from + 27, to));
            java.security.PrivateKey pk = java.security.KeyFactory.getInstance(alg)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
            byte[] probe = "capreport key check".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(sig);
            signer.initSign(pk);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(sig);
            verifier.initVerify(c.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature) ? Optional.empty()
                    : Optional.of(what + ": '" + key + "' is not the private key of the certificate '" + cert + "'");
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException
                 | StringIndexOutOfBoundsException e) {
            return Optional.of(what + ": '" + key + "' does not go with the certificate '" + cert + "' ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()) + ")");
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) && Files.isReadable(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The server credentials: plain text without TLS, else TLS (and client authentication with a client CA). */
    public static ServerCredentials serverCredentials(Optional<Server> tls) throws IOException {
        if (tls.isEmpty()) {
            return InsecureServerCredentials.create();
        }
        Server s = tls.get();
        TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder().keyManager(s.cert().toFile(), s.key().toFile());
        if (s.clientCa().isPresent()) {
            b.trustManager(s.clientCa().get().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        return b.build();
    }

    /** The client credentials: plain text without TLS, else TLS trusting {@code cacert} (and presenting cert/key). */
    public static ChannelCredentials channelCredentials(Optional<Client> tls) throws IOException {
        if (tls.isEmpty()) {
            return InsecureChannelCredentials.create();
        }
        Client c = tls.get();
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
        if (c.cacert().isPresent()) {
            b.trustManager(c.cacert().get().toFile());
        }
        if (c.cert().isPresent() && c.key().isPresent()) {
            b.keyManager(c.cert().get().toFile(), c.key().get().toFile());
        }
        return b.build();
    }

    /**
     * A channel to an agent's endpoint (HOST:PORT). Netty-shaded explicitly: jetcd brings the
     * unshaded transport too, and the registry's choice between them is not ours to leave to chance.
     */
    public static ManagedChannel channel(String endpoint, Optional<Client> tls) throws IOException {
        return NettyChannelBuilder.forTarget(endpoint, channelCredentials(tls)).build();
    }

    /**
     * One line for a failed call, saying what to do when the failure is TLS: a plain call to a TLS
     * agent, a TLS call to a plain one, no or a refused client certificate, an untrusted agent.
     * May probe the endpoint (see {@link #speaksTls}): call it off any UI thread.
     */
    public static String describe(StatusRuntimeException e, String endpoint, Optional<Client> tls) {
        Status s = e.getStatus();
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null && causes.length() < 4000; t = t.getCause()) {
            causes.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        String all = causes.toString().toLowerCase(Locale.ROOT);
        String d = s.getDescription() == null ? "" : ": " + s.getDescription().lines().findFirst().orElse("");
        String head = s.getCode() + " at " + endpoint;
        if (s.getCode() != Status.Code.UNAVAILABLE) {
            return head + d;
        }
        boolean withCert = tls.flatMap(Client::cert).isPresent();
        if (tls.isPresent()) {
            if (all.contains("notsslrecordexception") || all.contains("not an ssl/tls record")) {
                return head + ": the agent speaks plain text, not TLS (its dock.grpc has no cert): drop --grpc-cacert/"
                        + "--grpc-cert/--grpc-key for it, or give the agent a certificate";
            }
            if (withCert && all.contains("certificate_required")) {
                // The TLS stack sends a client certificate only when its issuer is among the CAs the agent names.
                return head + ": the agent refused the client certificate: it requires one signed by its clientCa, and "
                        + "--grpc-cert is not";
            }
            if (all.contains("certificate_required") || (!withCert && all.contains("bad_certificate"))) {
                return head + ": the agent requires a client certificate (mutual TLS): give --grpc-cert and --grpc-key";
            }
            if (all.contains("unknown_ca") || all.contains("bad_certificate") || all.contains("certificate_unknown")
                    || all.contains("decrypt_error") || all.contains("access_denied")) {
                return head + ": the agent refused the client certificate (--grpc-cert is not signed by the agent's "
                        + "clientCa, or expired)";
            }
            if (all.contains("pkix path") || all.contains("unable to find valid certification path")
                    || all.contains("certificatexception") || all.contains("no subject alternative")) {
                return head + ": the agent's certificate is not trusted (not signed by --grpc-cacert, or its names do "
                        + "not include " + host(endpoint) + ")" + rootCause(e);
            }
            return head + d;
        }
        // A plain call to a TLS agent fails as a closed connection; the probe tells it from an agent that is down.
        if (speaksTls(endpoint, 2000)) {
            return head + ": this agent requires TLS: give --grpc-cacert (and --grpc-cert/--grpc-key for mutual TLS)";
        }
        return head + d;
    }

    private static String host(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return colon < 0 ? endpoint : endpoint.substring(0, colon);
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null ? "" : " [" + root.getMessage().lines().findFirst().orElse("") + "]";
    }

    /**
     * Whether the endpoint answers a TLS handshake. Asked only after a plain-text call failed, to
     * tell "this agent requires TLS" from "nothing listens": the probe trusts any certificate, sends
     * nothing, and is closed right after the handshake, so its trust decision protects no data.
     */
    public static boolean speaksTls(String endpoint, int timeoutMillis) {
        int colon = endpoint.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String host = endpoint.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        try {
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {new ProbeTrust()}, null);
            try (java.net.Socket raw = new java.net.Socket()) {
                raw.connect(new java.net.InetSocketAddress(host, port), timeoutMillis);
                raw.setSoTimeout(timeoutMillis);
                try (javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
                        .createSocket(raw, host, port, false)) {
                    ssl.startHandshake();
                    return true;
                } catch (javax.net.ssl.SSLHandshakeException e) {
                    // A TLS server that wants a client certificate may still fail the handshake: it spoke TLS.
                    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                    return m.contains("certificate_required") || m.contains("bad_certificate")
                            || m.contains("handshake_failure");
                }
            }
        } catch (IOException | java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /** Accepts any server certificate: only for {@link #speaksTls}, which sends no data. */
    private static final class ProbeTrust implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            // not a server
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            // diagnosis only: see speaksTls
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    /** One backend's outcome of a DiscoverNow call, as the CLI and the dashboard's Docks view say it. */
    public static String describeCycle(com.capreport.proto.CycleResult c) {
        if (!c.getOk()) {
            return c.getBackend() + " failed: " + c.getError();
        }
        return c.getBackend() + " ok, " + c.getPoolCount() + " pool(s), " + c.getAddedCount() + " new, "
                + c.getChangedCount() + " changed, " + c.getRemovedCount() + " gone (" + c.getDurationMs() + " ms"
                + (c.getPublished() ? "" : ", not yet written to etcd") + ")";
    }
}
