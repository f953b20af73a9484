package com.capreport.agent.security;

import com.capreport.agent.testing.GrpcPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throwaway PKI made with the {@code openssl} CLI, the way an admin would make one: a CA, a
 * server certificate for 127.0.0.1 (subjectAltName IP) and a client certificate. Keys are PKCS#8
 * PEM, which OpenSSL 3 writes by default.
 */
record TestPki(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    /** The client certificate's CN: deliberately not an etcd user, so only the password can log in. */
    static final String CLIENT_CN = "capreport-test-client";

    static TestPki create(Path dir) throws IOException, InterruptedException {
        Path caCert = GrpcPki.ca(dir, "ca", "capreport throwaway test CA");
        GrpcPki.signed(dir, "server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\n"
                + "extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n", "ca");
        GrpcPki.signed(dir, "client", "/CN=" + CLIENT_CN, "extendedKeyUsage=clientAuth\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\n", "ca");
        Path serverKey = dir.resolve("server.key");
        Path clientKey = dir.resolve("client.key");
        TestPki pki = new TestPki(caCert, dir.resolve("server.crt"), serverKey, dir.resolve("client.crt"), clientKey);
        for (Path key : List.of(serverKey, clientKey)) {
            String pem = Files.readString(key, StandardCharsets.US_ASCII);
            if (!pem.startsWith("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalStateException(key + " is not a PKCS#8 PEM key; this openssl writes: "
                        + pem.lines().findFirst().orElse(""));
            }
        }
        return pki;
    }
}
