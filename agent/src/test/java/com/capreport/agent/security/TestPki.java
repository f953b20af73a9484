package com.capreport.agent.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI made with the {@code openssl} CLI, the way an admin would make one: a CA, a
 * server certificate for 127.0.0.1 (subjectAltName IP) and a client certificate. Keys are PKCS#8
 * PEM, which OpenSSL 3 writes by default.
 */
record TestPki(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    /** The client certificate's CN: deliberately not an etcd user, so only the password can log in. */
    static final String CLIENT_CN = "capreport-test-client";

    static TestPki create(Path dir) throws IOException, InterruptedException {
        Path caKey = dir.resolve("ca.key");
        Path caCert = dir.resolve("ca.crt");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-noenc", "-keyout", caKey.toString(),
                "-out", caCert.toString(), "-days", "2", "-subj", "/CN=capreport throwaway test CA");
        Path serverKey = dir.resolve("server.key");
        Path serverCert = dir.resolve("server.crt");
        signed(dir, "server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\n"
                + "extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n", caCert, caKey);
        Path clientKey = dir.resolve("client.key");
        Path clientCert = dir.resolve("client.crt");
        signed(dir, "client", "/CN=" + CLIENT_CN, "extendedKeyUsage=clientAuth\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\n", caCert, caKey);
        TestPki pki = new TestPki(caCert, serverCert, serverKey, clientCert, clientKey);
        for (Path key : List.of(serverKey, clientKey)) {
            String pem = Files.readString(key, StandardCharsets.US_ASCII);
            if (!pem.startsWith("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalStateException(key + " is not a PKCS#8 PEM key; this openssl writes: "
                        + pem.lines().findFirst().orElse(""));
            }
        }
        return pki;
    }

    private static void signed(Path dir, String name, String subject, String extensions, Path caCert, Path caKey)
            throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions, StandardCharsets.US_ASCII);
        openssl(dir, "req", "-newkey", "rsa:2048", "-noenc", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", subject);
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-set_serial", String.valueOf(System.nanoTime() & Long.MAX_VALUE), "-days", "2",
                "-extfile", ext.toString(), "-out", dir.resolve(name + ".crt").toString());
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl " + args[0] + " did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed with " + p.exitValue() + ": "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
