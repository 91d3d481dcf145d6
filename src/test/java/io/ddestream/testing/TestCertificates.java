package io.ddestream.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} (and 127.0.0.1) made with the JDK's {@code keytool}: a PKCS12
 * keystore for a TLS server, and a truststore holding its certificate for the clients. Fresh random passwords per
 * instance; nothing leaves the given directory.
 *
 * @param keystore   the server's key and certificate (PKCS12)
 * @param truststore the certificate alone, for clients (PKCS12)
 * @param password   the password of both stores and of the key
 */
public record TestCertificates(Path keystore, Path truststore, String password) {

    /** Generates the stores in {@code dir}. */
    public static TestCertificates generate(Path dir) throws IOException, InterruptedException {
        String password = "store-" + UUID.randomUUID();
        Path keystore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.crt");
        Path truststore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", "broker", "-rfc", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-keystore",
                truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new TestCertificates(keystore, truststore, password);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output.trim());
        }
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "TestCertificates[" + keystore + ", " + truststore + "]";
    }
}
