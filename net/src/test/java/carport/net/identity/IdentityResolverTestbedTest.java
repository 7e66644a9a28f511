package carport.net.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.syntax.Did;
import carport.core.syntax.Handle;
import carport.net.http.HttpConfig;
import carport.net.http.TlsException;
import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Identity resolution against the test bed: its PLC directory, its dnsmasq with _atproto TXT
 * records, and (with the hosts file and test CA) HTTPS well-known files served on 127.0.0.1:443.
 */
@RequiresTestbed
class IdentityResolverTestbedTest {
    private static Testbed tb() {
        return Testbed.get();
    }

    private static ResolverOptions.Builder options() {
        ResolverOptions.Builder b = ResolverOptions.builder()
                .plcHost(tb().plcUrl())
                .handleTimeout(Duration.ofSeconds(8))
                .handleCheckTimeout(Duration.ofSeconds(3));
        tb().dns().ifPresentOrElse(d -> b.dnsServer(d.host() + ":" + d.port()), () -> b.verifyHandle(false));
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob", "carol", "dave", "erin"})
    void everySeededDidResolvesThroughThePlcToThePdsAndAKey(String name) {
        Testbed.Account a = tb().account(name);

        ResolvedIdentity id = new IdentityResolver(options().verifyHandle(false).build()).resolve(a.did());

        assertThat(id.did()).isEqualTo(Did.parse(a.did()));
        assertThat(id.claimedHandle()).contains(Handle.parse(a.handle()));
        assertThat(id.requirePds()).isEqualTo(tb().pdsUrl());
        assertThat(id.requireSigningKey().toDidKey()).startsWith("did:key:z");
    }

    @Test
    void anUnknownDidIsDidNotFoundFromThePlc() {
        assertThatThrownBy(() -> new IdentityResolver(options().build()).resolve("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"))
                .isExactlyInstanceOf(DidNotFoundException.class)
                .hasMessageContaining("not registered in the PLC directory");
    }

    @Test
    void theAuditLogOfAliceIsJsonNamingHerDid() {
        byte[] log = new IdentityResolver(options().build()).fetchPlcAuditLog(Did.parse(tb().account("alice").did()));

        assertThat(new String(log, StandardCharsets.UTF_8)).startsWith("[").contains(tb().account("alice").did());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob", "carol"})
    @RequiresTestbed(dns = true)
    void seededHandlesResolveOverDnsAndVerifyBothWays(String name) {
        Testbed.Account a = tb().account(name);

        ResolvedIdentity id = new IdentityResolver(options().build()).resolve(a.handle());

        assertThat(id.did()).isEqualTo(Did.parse(a.did()));
        assertThat(id.handleVerified()).isTrue();
        assertThat(id.requirePds()).isEqualTo(tb().pdsUrl());
        // and from the DID side, the claimed handle checks out the same way
        assertThat(new IdentityResolver(options().build()).resolve(a.did()).handleVerified()).isTrue();
    }

    @Test
    @RequiresTestbed(dns = true)
    void dnsEdgeCasesOfTheTestBed() {
        Testbed.Dns dns = tb().dns().orElseThrow();
        IdentityResolver r = new IdentityResolver(options().build());
        Did alice = Did.parse(tb().account("alice").did());

        assertThat(r.resolve(dns.handleFor("splitStrings")).did()).isEqualTo(alice);
        ResolvedIdentity impostor = r.resolve(dns.handleFor("impostor"));
        assertThat(impostor.did()).isEqualTo(alice);
        assertThat(impostor.handleVerified()).isFalse();
        assertThat(impostor.displayHandle()).isEqualTo("handle.invalid");
        assertThatThrownBy(() -> r.resolve(dns.handleFor("twoDids"))).isExactlyInstanceOf(IdentityException.class);
        assertThatThrownBy(() -> r.resolve(dns.handleFor("unknownDid"))).isExactlyInstanceOf(DidNotFoundException.class);
        assertThat(r.resolve(dns.handleFor("extraTxt")).did()).isEqualTo(Did.parse(tb().account("carol").did()));
    }

    @Test
    @RequiresTestbed(dns = true)
    void aHandleWithNoDidRecordAndNoWebServerIsNotFound() {
        IdentityResolver r = new IdentityResolver(options().build());

        assertThatThrownBy(() -> r.resolve(tb().dns().orElseThrow().handleFor("missing")))
                .isInstanceOf(HandleNotFoundException.class);
    }

    // ------------------------------------------------------------------ HTTPS on 127.0.0.1:443

    private static SSLContext context(Testbed.Tls tls, Path keyStore, boolean trust)
            throws IOException, GeneralSecurityException {
        SSLContext c = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore, tls.passwordChars()), tls.passwordChars());
        }
        TrustManagerFactory tmf = null;
        if (trust) {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(tls.trustStore(), tls.passwordChars()));
        }
        c.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return c;
    }

    private static KeyStore load(Path p, char[] pw) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p)) {
            ks.load(in, pw);
        }
        return ks;
    }

    /** Serves /.well-known/atproto-did by Host on 127.0.0.1:443 (the tests run as root). */
    private static HttpsServer wellKnownServer(SSLContext tls, Map<String, String> dids) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 443), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        s.createContext("/.well-known/atproto-did", ex -> {
            String did = dids.get(ex.getRequestHeaders().getFirst("Host").replaceFirst(":\\d+$", ""));
            byte[] body = (did == null ? "not found" : did).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(did == null ? 404 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        return s;
    }

    @Test
    @RequiresTestbed(dns = true, hosts = true, tls = true)
    void withoutADnsDidRecordTheHttpsWellKnownFileOnPort443Answers() throws Exception {
        Testbed.Tls tls = tb().tls().orElseThrow();
        Testbed.Dns dns = tb().dns().orElseThrow();
        String noDid = dns.handleFor("noDid");
        String badDid = dns.handleFor("badDid");
        Map<String, String> dids = new ConcurrentHashMap<>();
        dids.put(noDid, tb().account("bob").did());
        dids.put(badDid, tb().account("carol").did() + "\n");
        HttpsServer server = wellKnownServer(context(tls, tls.serverKeyStore(), false), dids);
        try {
            IdentityResolver r = new IdentityResolver(options()
                    .http(HttpConfig.builder().sslContext(context(tls, null, true)).build()).build());

            ResolvedIdentity viaWeb = r.resolve(noDid);
            assertThat(viaWeb.did()).isEqualTo(Did.parse(tb().account("bob").did()));
            // bob's document claims bob.test, not this name: resolved, but not verified
            assertThat(viaWeb.handleVerified()).isFalse();
            assertThat(r.resolve(badDid).did()).isEqualTo(Did.parse(tb().account("carol").did()));
        } finally {
            server.stop(0);
        }
    }

    @Test
    @RequiresTestbed(dns = true, hosts = true, tls = true)
    void aWellKnownServerWithAnUntrustedCertificateIsATlsError() throws Exception {
        Testbed.Tls tls = tb().tls().orElseThrow();
        String noDid = tb().dns().orElseThrow().handleFor("noDid");
        HttpsServer server = wellKnownServer(context(tls, tls.untrustedKeyStore(), false),
                Map.of(noDid, tb().account("bob").did()));
        try {
            IdentityResolver r = new IdentityResolver(options()
                    .http(HttpConfig.builder().sslContext(context(tls, null, true)).build()).build());

            assertThatThrownBy(() -> r.resolve(noDid)).isInstanceOf(TlsException.class);
        } finally {
            server.stop(0);
        }
    }
}
