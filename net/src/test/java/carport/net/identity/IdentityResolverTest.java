package carport.net.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.syntax.Did;
import carport.core.syntax.Handle;
import carport.core.syntax.InvalidSyntaxException;
import carport.net.http.DnsException;
import carport.net.http.EnvProxySelector;
import carport.net.http.HttpConfig;
import carport.net.http.TlsException;
import carport.net.testserver.ConnectProxy;
import carport.net.testserver.TestDnsServer;
import carport.net.testserver.TestHttpServer;
import carport.net.testserver.TestPki;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Identity resolution against real local servers: a DNS server on 127.0.0.1 (dnsjava wire format),
 * a PLC directory (HTTP on 127.0.0.1), and HTTPS handle and did:web hosts reached through an
 * HTTPS_PROXY-style CONNECT proxy with a test CA, so TLS and host name checks run for real.
 */
class IdentityResolverTest {
    /** The public key of atproto.com's DID document (indigo test data), reused for made-up DIDs. */
    private static final String KEY = "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF";
    private static final String DID_KEY = "did:key:" + KEY;

    private static TestPki pki;
    private static TestHttpServer web;
    private static TestHttpServer untrustedWeb;
    private static ConnectProxy proxy;
    /** What https://HOST/.well-known/atproto-did answers: host -> body (absent: 404). */
    private static final Map<String, String> wellKnown = new ConcurrentHashMap<>();
    /** What https://HOST/.well-known/did.json answers. */
    private static final Map<String, String> didJson = new ConcurrentHashMap<>();

    private TestDnsServer dns;
    private TestHttpServer plc;
    /** PLC directory content: path ("/did:plc:...") -> [status, body]. */
    private final Map<String, Object[]> plcDocs = new ConcurrentHashMap<>();

    @BeforeAll
    static void servers() throws Exception {
        pki = TestPki.create("*.handles.test", "handles.test", "discover.bsky.social");
        web = TestHttpServer.https(pki.serverContext())
                .route("/.well-known/atproto-did", ex -> answerByHost(ex, wellKnown, "text/plain"))
                .route("/.well-known/did.json", ex -> answerByHost(ex, didJson, "application/json"));
        untrustedWeb = TestHttpServer.https(pki.untrustedServerContext())
                .route("/.well-known/atproto-did", ex -> answerByHost(ex, wellKnown, "text/plain"));
        proxy = new ConnectProxy();
        for (String h : List.of("alice.handles.test", "web.handles.test", "both.handles.test",
                "httpsonly.handles.test", "notadid.handles.test", "servfail.handles.test", "servfail2.handles.test",
                "silent.handles.test", "nothing.handles.test", "nondid.handles.test", "garbage.handles.test",
                "discover.bsky.social")) {
            proxy.route(h, web.port());
        }
        proxy.route("untrusted.handles.test", untrustedWeb.port());
        proxy.route("mallory.elsewhere.test", web.port()); // the certificate does not name it
    }

    private static void answerByHost(HttpExchange ex, Map<String, String> content, String type) throws IOException {
        String host = ex.getRequestHeaders().getFirst("Host").replaceFirst(":\\d+$", "");
        String body = content.get(host);
        if (body == null) {
            TestHttpServer.send(ex, 404, "text/plain", "not found");
        } else {
            TestHttpServer.send(ex, 200, type, body);
        }
    }

    @AfterAll
    static void stopServers() throws IOException {
        web.close();
        untrustedWeb.close();
        proxy.close();
    }

    @BeforeEach
    void perTest() throws IOException {
        dns = new TestDnsServer();
        plc = TestHttpServer.http();
        plc.routePrefix("/", ex -> {
            Object[] doc = plcDocs.get(ex.getRequestURI().getPath());
            if (doc == null) {
                TestHttpServer.json(ex, 404, "{\"message\":\"DID not registered\"}");
            } else {
                TestHttpServer.json(ex, (Integer) doc[0], (String) doc[1]);
            }
        });
    }

    @org.junit.jupiter.api.AfterEach
    void stopPerTest() {
        dns.close();
        plc.close();
    }

    private ResolverOptions.Builder options() {
        return ResolverOptions.builder()
                .plcHost(plc.uri())
                .dnsServer(dns.hostPort())
                .dnsTimeout(Duration.ofMillis(500))
                .handleTimeout(Duration.ofSeconds(5))
                .handleCheckTimeout(Duration.ofSeconds(2))
                .http(HttpConfig.builder()
                        .proxySelector(EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", proxy.url())).get())
                        .sslContext(pki.clientContext())
                        .connectTimeout(Duration.ofSeconds(2))
                        .idleTimeout(Duration.ofSeconds(2))
                        .maxAttempts(2)
                        .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                        .build());
    }

    private IdentityResolver resolver() {
        return new IdentityResolver(options().build());
    }

    private static int counter;

    /** A fresh syntactically valid did:plc. */
    private static synchronized Did newDid() {
        String id = String.format("%024d", ++counter).replace('0', 'a').replace('1', 'b').replace('2', 'c')
                .replace('3', 'd').replace('4', 'e').replace('5', 'f').replace('6', 'g').replace('7', 'h')
                .replace('8', 'i').replace('9', 'j');
        return Did.parse("did:plc:" + id);
    }

    private static String doc(Did did, List<String> aka, String pds) {
        String akaJson = aka.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(","));
        String service = pds == null ? "" : "{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\","
                + "\"serviceEndpoint\":\"" + pds + "\"}";
        return "{\"@context\":[\"https://www.w3.org/ns/did/v1\"],\"id\":\"" + did + "\",\"alsoKnownAs\":[" + akaJson
                + "],\"verificationMethod\":[{\"id\":\"" + did + "#atproto\",\"type\":\"Multikey\",\"controller\":\""
                + did + "\",\"publicKeyMultibase\":\"" + KEY + "\"}],\"service\":[" + service + "]}";
    }

    private void publish(Did did, String json) {
        plcDocs.put("/" + did, new Object[] {200, json});
    }

    private Did account(String handle) {
        Did did = newDid();
        publish(did, doc(did, List.of("at://" + handle), "https://pds.handles.test"));
        return did;
    }

    // ------------------------------------------------------------------ handle -> DID

    @Test
    void aHandleResolvesByDnsTxtAndIsVerifiedWhenTheDocumentClaimsItBack() {
        Did did = account("dns.handles.test");
        dns.txt("_atproto.dns.handles.test", "did=" + did);

        ResolvedIdentity id = resolver().resolve("dns.handles.test");

        assertThat(id.did()).isEqualTo(did);
        assertThat(id.claimedHandle()).contains(Handle.parse("dns.handles.test"));
        assertThat(id.handleVerified()).isTrue();
        assertThat(id.displayHandle()).isEqualTo("dns.handles.test");
        assertThat(id.pds()).contains(URI.create("https://pds.handles.test"));
        assertThat(id.requirePds()).isEqualTo(URI.create("https://pds.handles.test"));
        assertThat(id.requireSigningKey().toDidKey()).isEqualTo(DID_KEY);
        assertThat(dns.queries()).contains("_atproto.dns.handles.test");
    }

    @Test
    void txtRecordsNotStartingWithDidAreIgnoredAndSplitStringsAreJoined() {
        Did did = account("split.handles.test");
        dns.txt("_atproto.split.handles.test", "v=spf1 -all")
                .txt("_atproto.split.handles.test", "did=did:plc:", did.identifier())
                .txt("_atproto.split.handles.test", "didn't=" + newDid());

        assertThat(resolver().resolve("split.handles.test").did()).isEqualTo(did);
    }

    @Test
    void twoTxtRecordsNamingDifferentDidsAreAnErrorEvenIfHttpsAnswers() {
        Did one = account("both.handles.test");
        Did two = newDid();
        dns.txt("_atproto.both.handles.test", "did=" + one).txt("_atproto.both.handles.test", "did=" + two);
        wellKnown.put("both.handles.test", one.toString());

        assertThatThrownBy(() -> resolver().resolve("both.handles.test"))
                .isExactlyInstanceOf(IdentityException.class)
                .hasMessageContaining(one.toString())
                .hasMessageContaining(two.toString())
                .hasMessageContaining("only one");
    }

    @Test
    void twoTxtRecordsNamingTheSameDidAreFine() {
        Did did = account("twice.handles.test");
        dns.txt("_atproto.twice.handles.test", "did=" + did).txt("_atproto.twice.handles.test", "did=" + did);

        assertThat(resolver().resolve("twice.handles.test").did()).isEqualTo(did);
    }

    @Test
    void withoutADnsRecordTheHttpsWellKnownFileIsUsedThroughTheProxyWithTlsChecked() {
        Did did = account("httpsonly.handles.test");
        wellKnown.put("httpsonly.handles.test", did + "\n");

        ResolvedIdentity id = resolver().resolve("httpsonly.handles.test");

        assertThat(id.did()).isEqualTo(did);
        assertThat(id.handleVerified()).isTrue();
        assertThat(proxy.tunnels()).contains("httpsonly.handles.test:443");
    }

    @Test
    void whenDnsAndHttpsDisagreeDnsWins() {
        Did viaDns = account("alice.handles.test");
        wellKnown.put("alice.handles.test", newDid().toString());
        dns.txt("_atproto.alice.handles.test", "did=" + viaDns);

        assertThat(resolver().resolve("alice.handles.test").did()).isEqualTo(viaDns);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nondid", "garbage"})
    void txtRecordsWithoutAValidDidFallThroughToHttps(String name) {
        String handle = name + ".handles.test";
        Did did = account(handle);
        dns.txt("_atproto." + handle, name.equals("nondid") ? "hello=world" : "did=not a did!");
        wellKnown.put(handle, did.toString());

        assertThat(resolver().resolve(handle).did()).isEqualTo(did);
    }

    @Test
    void aHandleWithNeitherRecordIsNotFoundWithBothAttemptsNamed() {
        assertThatThrownBy(() -> resolver().resolve("nothing.handles.test"))
                .isExactlyInstanceOf(HandleNotFoundException.class)
                .hasMessageContaining("no TXT record at _atproto.nothing.handles.test")
                .hasMessageContaining("https://nothing.handles.test/.well-known/atproto-did")
                .hasMessageContaining("HTTP 404")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aWellKnownFileThatIsNotADidIsNotAnAnswer() {
        wellKnown.put("notadid.handles.test", "<html>hello</html>");

        assertThatThrownBy(() -> resolver().resolve("notadid.handles.test"))
                .isInstanceOf(HandleNotFoundException.class)
                .hasMessageContaining("does not hold a DID");
    }

    @Test
    void aDnsFailureFallsBackToHttps() {
        Did did = account("servfail.handles.test");
        dns.servfail("_atproto.servfail.handles.test");
        wellKnown.put("servfail.handles.test", did.toString());

        assertThat(resolver().resolve("servfail.handles.test").did()).isEqualTo(did);
    }

    @Test
    void aDnsFailureWithoutHttpsAnswerIsADnsError() {
        dns.servfail("_atproto.servfail2.handles.test");

        assertThatThrownBy(() -> resolver().resolve("servfail2.handles.test"))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("SERVFAIL");
    }

    @Test
    void aDnsServerThatNeverAnswersIsADnsErrorWithinTheTimeout() {
        dns.silent("_atproto.silent.handles.test");
        long start = System.nanoTime();

        assertThatThrownBy(() -> resolver().resolve("silent.handles.test"))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("did not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void anUntrustedCertificateIsATlsError() {
        wellKnown.put("untrusted.handles.test", newDid().toString());

        assertThatThrownBy(() -> resolver().resolve("untrusted.handles.test"))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("TLS");
        // a certificate problem is not retried: it will not go away in a second
        assertThat(proxy.tunnels()).filteredOn(t -> t.startsWith("untrusted.")).hasSize(1);
    }

    @Test
    void aCertificateForAnotherNameIsATlsError() {
        wellKnown.put("mallory.elsewhere.test", newDid().toString());

        assertThatThrownBy(() -> resolver().resolve("mallory.elsewhere.test"))
                .isInstanceOf(TlsException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice.local", "x.onion", "y.arpa", "z.invalid", "a.localhost", "b.internal", "c.alt",
        "d.example"})
    void handlesOnDisallowedTldsAreRejectedWithoutAnyLookup(String handle) {
        assertThatThrownBy(() -> resolver().resolve(handle))
                .isExactlyInstanceOf(IdentityException.class)
                .hasMessageContaining("reserved TLD");
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void inputMayStartWithAtSignOrAtUri() {
        Did did = account("prefix.handles.test");
        dns.txt("_atproto.prefix.handles.test", "did=" + did);

        assertThat(resolver().resolve("@Prefix.Handles.Test").did()).isEqualTo(did);
        assertThat(resolver().resolve("at://" + did + "/app.bsky.feed.post/3k2").did()).isEqualTo(did);
        assertThatThrownBy(() -> resolver().resolve("not a handle")).isInstanceOf(InvalidSyntaxException.class);
    }

    // ------------------------------------------------------------------ the bidirectional check

    @Test
    void aDocumentClaimingAnotherHandleLeavesTheHandleUnverifiedButTheDidUsable() {
        Did did = account("someone-else.handles.test");
        dns.txt("_atproto.claimer.handles.test", "did=" + did);

        ResolvedIdentity id = resolver().resolve("claimer.handles.test");

        assertThat(id.did()).isEqualTo(did);
        assertThat(id.claimedHandle()).contains(Handle.parse("someone-else.handles.test"));
        assertThat(id.handleVerified()).isFalse();
        assertThat(id.displayHandle()).isEqualTo("handle.invalid");
        assertThat(id.requirePds()).isEqualTo(URI.create("https://pds.handles.test"));
    }

    @Test
    void onlyTheFirstValidAtUriInAlsoKnownAsIsTheClaimedHandle() {
        Did did = newDid();
        publish(did, doc(did, List.of("https://example.com", "at://not_valid!", "at://first.handles.test",
                "at://second.handles.test"), "https://pds.handles.test"));
        dns.txt("_atproto.first.handles.test", "did=" + did).txt("_atproto.second.handles.test", "did=" + did);

        ResolvedIdentity first = resolver().resolve("first.handles.test");
        ResolvedIdentity second = resolver().resolve("second.handles.test");

        assertThat(first.claimedHandle()).contains(Handle.parse("first.handles.test"));
        assertThat(first.handleVerified()).isTrue();
        assertThat(second.claimedHandle()).contains(Handle.parse("first.handles.test"));
        assertThat(second.handleVerified()).isFalse();
    }

    @Test
    void givenADidTheClaimedHandleIsCheckedAgainstDns() {
        Did did = account("check.handles.test");
        Did liar = account("liar.handles.test");
        dns.txt("_atproto.check.handles.test", "did=" + did);
        dns.txt("_atproto.liar.handles.test", "did=" + newDid());

        assertThat(resolver().resolve(did.toString()).handleVerified()).isTrue();
        assertThat(resolver().resolve(liar.toString()).handleVerified()).isFalse();
        assertThat(resolver().resolve(liar.toString()).did()).isEqualTo(liar);
    }

    @Test
    void givenADidWithoutHandleCheckNoDnsQueryIsMade() {
        Did did = account("skip.handles.test");
        dns.txt("_atproto.skip.handles.test", "did=" + did);

        ResolvedIdentity id = new IdentityResolver(options().verifyHandle(false).build()).resolve(did.toString());

        assertThat(id.handleVerified()).isFalse();
        assertThat(id.claimedHandle()).contains(Handle.parse("skip.handles.test"));
        assertThat(resolver().resolveDid(did, false).handleVerified()).isFalse();
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void givenADidAHandleCheckThatHangsGivesUpAfterTheShortTimeout() {
        Did did = account("silent.handles.test");
        dns.silent("_atproto.silent.handles.test");
        wellKnown.remove("silent.handles.test");
        long start = System.nanoTime();

        ResolvedIdentity id = resolver().resolve(did.toString());

        assertThat(id.handleVerified()).isFalse();
        assertThat(id.did()).isEqualTo(did);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    // ------------------------------------------------------------------ DID -> document

    @Test
    void anUnknownPlcDidIsDidNotFound() {
        Did did = newDid();

        assertThatThrownBy(() -> resolver().resolve(did.toString()))
                .isExactlyInstanceOf(DidNotFoundException.class)
                .hasMessageContaining(did.toString())
                .hasMessageContaining("not registered");
    }

    @Test
    void aTombstonedPlcDidIsDidNotFound() {
        Did did = newDid();
        plcDocs.put("/" + did, new Object[] {410, "{\"message\":\"DID not available\"}"});

        assertThatThrownBy(() -> resolver().resolve(did.toString()))
                .isExactlyInstanceOf(DidNotFoundException.class)
                .hasMessageContaining("tombstoned");
    }

    @Test
    void aDocumentForAnotherDidIsRejected() {
        Did asked = newDid();
        Did other = newDid();
        publish(asked, doc(other, List.of(), "https://pds.handles.test"));

        assertThatThrownBy(() -> resolver().resolve(asked.toString()))
                .isExactlyInstanceOf(IdentityException.class)
                .hasMessageContaining(other.toString());
    }

    @Test
    void aDocumentWithoutPdsResolvesButRequirePdsSaysWhy() {
        Did did = newDid();
        publish(did, doc(did, List.of(), null));

        ResolvedIdentity id = resolver().resolve(did.toString());

        assertThat(id.pds()).isEmpty();
        assertThatThrownBy(id::requirePds).isInstanceOf(NoPdsException.class).hasMessageContaining("#atproto_pds");
    }

    @Test
    void aPlainHttpPdsIsRefusedUnlessOnLoopback() {
        Did remote = newDid();
        publish(remote, doc(remote, List.of(), "http://pds.handles.test"));
        Did local = newDid();
        publish(local, doc(local, List.of(), "http://127.0.0.1:2583"));

        ResolvedIdentity r = resolver().resolve(remote.toString());
        assertThat(r.pds()).isEmpty();
        assertThatThrownBy(r::requirePds).isInstanceOf(NoPdsException.class).hasMessageContaining("not https");
        assertThat(resolver().resolve(local.toString()).pds()).contains(URI.create("http://127.0.0.1:2583"));
    }

    @Test
    void aRealPlcDocumentFromIndigoResolves() throws IOException {
        Did did = Did.parse("did:plc:ewvi7nxzyoun6zhxrhs64oiz");
        publish(did, resource("testdata/identity/indigo-diddocs/did_plc_doc.json"));

        ResolvedIdentity id = resolver().resolve(did.toString());

        assertThat(id.claimedHandle()).contains(Handle.parse("atproto.com"));
        assertThat(id.handleVerified()).isFalse(); // atproto.com is not in our test DNS
        assertThat(id.pds()).contains(URI.create("https://bsky.social"));
        assertThat(id.requireSigningKey().toDidKey()).isEqualTo(DID_KEY);
    }

    @Test
    void didWebIsFetchedOverHttpsFromTheWellKnownPath() throws IOException {
        didJson.put("discover.bsky.social", resource("testdata/identity/indigo-diddocs/did_web_doc.json"));

        ResolvedIdentity id = resolver().resolve("did:web:discover.bsky.social");

        assertThat(id.did()).isEqualTo(Did.parse("did:web:discover.bsky.social"));
        assertThat(id.pds()).isEmpty();
        assertThat(id.signingKey()).isEmpty();
        assertThat(proxy.tunnels()).contains("discover.bsky.social:443");
    }

    @Test
    void didWebOnLocalhostWithAPercentEncodedPortUsesPlainHttp() throws IOException {
        try (TestHttpServer local = TestHttpServer.http()) {
            Did did = Did.parse("did:web:localhost%3A" + local.port());
            local.route("/.well-known/did.json", ex -> TestHttpServer.json(ex, 200,
                    doc(did, List.of("at://web.handles.test"), "http://localhost:" + local.port())));

            ResolvedIdentity id = resolver().resolveDid(did, false);

            assertThat(id.did()).isEqualTo(did);
            assertThat(id.requirePds()).isEqualTo(URI.create("http://localhost:" + local.port()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:web:example.com%3A8443", "did:web:example.com:users:alice", "did:web:shop.local",
        "did:key:" + KEY, "did:plc:tooshort", "did:plc:UPPERCASEISNOTBASE32XXXXX"})
    void unsupportedDidsAreRejectedWithoutFetching(String did) {
        assertThatThrownBy(() -> resolver().resolve(did)).isInstanceOf(IdentityException.class);
        assertThat(plc.requests()).isEmpty();
    }

    @Test
    void thePlcAuditLogIsReturnedByteForByte() {
        Did did = newDid();
        String log = "[{\"did\":\"" + did + "\",\"operation\":{\"type\":\"plc_operation\"},\"cid\":\"bafy\","
                + "\"nullified\":false,\"createdAt\":\"2024-01-01T00:00:00.000Z\"}]";
        plcDocs.put("/" + did + "/log/audit", new Object[] {200, log});

        assertThat(resolver().fetchPlcAuditLog(did)).isEqualTo(log.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> resolver().fetchPlcAuditLog(Did.parse("did:web:example.com")))
                .isInstanceOf(IdentityException.class);
    }

    // ------------------------------------------------------------------ options

    @Test
    void optionsTakeThePlcHostFromTheEnvironmentAndCheckIt() {
        assertThat(ResolverOptions.builder().plcHostFromEnvironment(Map.of("ATP_PLC_HOST", "http://127.0.0.1:2582/"))
                .build().plcHost()).isEqualTo(URI.create("http://127.0.0.1:2582"));
        assertThat(ResolverOptions.builder().plcHost(ResolverOptions.DEFAULT_PLC_HOST)
                .plcHostFromEnvironment(Map.of()).build().plcHost())
                .isEqualTo(URI.create("https://plc.directory"));
        assertThatThrownBy(() -> ResolverOptions.builder().plcHost("http://plc.example.com").build())
                .isInstanceOf(IdentityException.class).hasMessageContaining("not https");
        assertThatThrownBy(() -> ResolverOptions.builder().dnsServer("127.0.0.1:99999").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad port");
    }

    @Test
    void dnsServerAcceptsHostPortAndIpv6Forms() {
        assertThat(DnsTxt.parseServer("127.0.0.1").getPort()).isEqualTo(53);
        assertThat(DnsTxt.parseServer("127.0.0.1:5353").getPort()).isEqualTo(5353);
        assertThat(DnsTxt.parseServer("[::1]:5353").getAddress().isLoopbackAddress()).isTrue();
        assertThat(DnsTxt.parseServer("::1").getPort()).isEqualTo(53);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = IdentityResolverTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
