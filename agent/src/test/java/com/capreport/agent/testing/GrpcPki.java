package com.capreport.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI for the gRPC tests, made with the {@code openssl} CLI as an admin would: a CA,
 * the agent's server certificate for 127.0.0.1 (subjectAltName IP), a client certificate it
 * signed, a second CA with a client certificate of its own (which the agent must refuse), and the
 * server key once more in PKCS#1 form (which the config must refuse, naming the conversion).
 */
public record GrpcPki(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey,
                      Path otherCaCert, Path otherClientCert, Path otherClientKey, Path pkcs1Key) {

    public static GrpcPki create(Path dir) throws IOException, InterruptedException {
        Path ca = ca(dir, "ca", "capreport throwaway gRPC test CA");
        Path other = ca(dir, "other-ca", "some other CA");
        signed(dir, "server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\n", "ca");
        String clientExt = "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n";
        signed(dir, "client", "/CN=controller", clientExt, "ca");
        signed(dir, "other-client", "/CN=controller", clientExt, "other-ca");
        Path pkcs1 = dir.resolve("server-pkcs1.key");
        openssl(dir, "rsa", "-in", dir.resolve("server.key").toString(), "-traditional", "-out", pkcs1.toString());
        GrpcPki pki = new GrpcPki(ca, dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("client.crt"),
                dir.resolve("client.key"), other, dir.resolve("other-client.crt"), dir.resolve("other-client.key"), pkcs1);
        for (Path key : List.of(pki.serverKey, pki.clientKey, pki.otherClientKey)) {
            if (!Files.readString(key, StandardCharsets.US_ASCII).startsWith("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalStateException(key + " is not a PKCS#8 PEM key");
            }
        }
        if (!Files.readString(pkcs1, StandardCharsets.US_ASCII).startsWith("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalStateException(pkcs1 + " is not a PKCS#1 PEM key");
        }
        return pki;
    }

    /** A self-signed CA {@code name}.crt/.key in {@code dir}; returns the certificate. */
    public static Path ca(Path dir, String name, String cn) throws IOException, InterruptedException {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-noenc", "-keyout", dir.resolve(name + ".key").toString(),
                "-out", dir.resolve(name + ".crt").toString(), "-days", "2", "-subj", "/CN=" + cn);
        return dir.resolve(name + ".crt");
    }

    /** {@code name}.crt/.key in {@code dir}, signed by the CA {@code ca} made by {@link #ca}. */
    public static void signed(Path dir, String name, String subject, String extensions, String ca)
            throws IOException, InterruptedException {
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions, StandardCharsets.US_ASCII);
        openssl(dir, "req", "-newkey", "rsa:2048", "-noenc", "-keyout", dir.resolve(name + ".key").toString(),
                "-out", dir.resolve(name + ".csr").toString(), "-subj", subject);
        openssl(dir, "x509", "-req", "-in", dir.resolve(name + ".csr").toString(), "-CA", dir.resolve(ca + ".crt").toString(),
                "-CAkey", dir.resolve(ca + ".key").toString(), "-set_serial", String.valueOf(System.nanoTime() & Long.MAX_VALUE),
                "-days", "2", "-extfile", ext.toString(), "-out", dir.resolve(name + ".crt").toString());
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
