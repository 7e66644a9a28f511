package carport.net.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority made with the JDK's keytool at test time: a CA, a server
 * certificate it signed for the given DNS names, and a self-signed certificate for the same names
 * that nobody trusts. Nothing is committed to the repository and nothing touches the system trust
 * store; clients trust the CA only through {@link #clientContext()}.
 */
public final class TestPki {
    private static final String PASSWORD = "changeit";

    private final SSLContext server;
    private final SSLContext untrustedServer;
    private final SSLContext client;

    private TestPki(SSLContext server, SSLContext untrustedServer, SSLContext client) {
        this.server = server;
        this.untrustedServer = untrustedServer;
        this.client = client;
    }

    /** @param dnsNames names for the server certificate's subjectAltName, e.g. {@code *.handles.test} */
    public static TestPki create(Path dir, String... dnsNames) throws IOException, GeneralSecurityException {
        Path ca = dir.resolve("ca.p12");
        Path srv = dir.resolve("server.p12");
        Path bad = dir.resolve("untrusted.p12");
        Path csr = dir.resolve("server.csr");
        Path crt = dir.resolve("server.crt");
        Path caCrt = dir.resolve("ca.crt");
        List<String> san = new ArrayList<>();
        for (String n : dnsNames) {
            san.add("dns:" + n);
        }
        String sanExt = "san=" + String.join(",", san);

        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=carport test CA", "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caCrt.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + dnsNames[0], "-validity", "2", "-keystore", srv.toString());
        keytool("-certreq", "-alias", "server", "-keystore", srv.toString(), "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                "-outfile", crt.toString(), "-ext", sanExt, "-ext", "eku=serverAuth", "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCrt.toString(), "-keystore", srv.toString());
        keytool("-importcert", "-alias", "server", "-file", crt.toString(), "-keystore", srv.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + dnsNames[0], "-ext", sanExt, "-validity", "2", "-keystore", bad.toString());

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCrt)) {
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("ca", c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new TestPki(serverContext(srv), serverContext(bad), client);
    }

    private static SSLContext serverContext(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Server context with the CA-signed certificate. */
    public SSLContext serverContext() {
        return server;
    }

    /** Server context with a self-signed certificate for the same names, which the client does not trust. */
    public SSLContext untrustedServerContext() {
        return untrustedServer;
    }

    /** Client context that trusts the test CA and nothing else. */
    public SSLContext clientContext() {
        return client;
    }
}
