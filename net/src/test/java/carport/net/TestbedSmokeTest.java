package carport.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.testbed.PdsClient;
import carport.testbed.RequiresTestbed;
import carport.testbed.Testbed;
import carport.testbed.TestbedInstance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Proves the test bed harness: real PLC, PDS, DNS and TLS material, reachable the way carport's tests need. */
@RequiresTestbed
class TestbedSmokeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  // HTTP/1.1: the PDS drops plain-http connections that ask for an h2c upgrade (the JDK default).
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void plcServesAliceDidDocumentNamingThePds() throws Exception {
    Testbed tb = Testbed.get();
    Testbed.Account alice = tb.account("alice");
    HttpResponse<byte[]> res = get(URI.create(tb.plcUrl() + "/" + alice.did()));
    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(res.body());
    assertThat(doc.path("id").asText()).isEqualTo(alice.did());
    assertThat(doc.path("alsoKnownAs").toString()).contains("at://" + alice.handle());
    List<String> pdsEndpoints = new ArrayList<>();
    doc.path("service").forEach(s -> {
      if (s.path("id").asText().endsWith("#atproto_pds")) {
        pdsEndpoints.add(s.path("serviceEndpoint").asText());
      }
    });
    assertThat(pdsEndpoints).containsExactly(tb.pdsUrl().toString());
  }

  @Test
  void pdsGetRepoForAliceStartsWithCarHeaderRootedAtHerHead() throws Exception {
    Testbed tb = Testbed.get();
    Testbed.Account alice = tb.account("alice");
    HttpResponse<byte[]> res = get(tb.pds().xrpcUri("com.atproto.sync.getRepo", Map.of("did", alice.did())));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type")).hasValue("application/vnd.ipld.car");
    byte[] car = res.body();
    // CARv1: varint header length, then the DAG-CBOR map {"roots": [CID], "version": 1}.
    int headerLength = car[0];
    assertThat(headerLength).isBetween(1, 127);
    byte[] rootCid = cidBytes(alice.commitCid());
    byte[] expected = concat(
        new byte[] {(byte) 0xa2, 0x65}, ascii("roots"),
        new byte[] {(byte) 0x81, (byte) 0xd8, 0x2a, 0x58, (byte) (rootCid.length + 1), 0x00}, rootCid,
        new byte[] {0x67}, ascii("version"), new byte[] {0x01});
    assertThat(headerLength).isEqualTo(expected.length);
    assertThat(Arrays.copyOfRange(car, 1, 1 + headerLength)).isEqualTo(expected);
    assertThat(car.length).isGreaterThan(10_000);
  }

  @Test
  @RequiresTestbed(dns = true)
  void dnsServerAnswersAtprotoTxtRecords() throws Exception {
    Testbed tb = Testbed.get();
    Testbed.Dns dns = tb.dns().orElseThrow();
    SimpleResolver resolver = new SimpleResolver(dns.address());
    resolver.setTimeout(Duration.ofSeconds(5));

    Message alice = resolver.send(Message.newQuery(
        Record.newRecord(Name.fromString("_atproto.alice.test."), Type.TXT, DClass.IN)));
    assertThat(alice.getRcode()).isEqualTo(Rcode.NOERROR);
    List<String> texts = new ArrayList<>();
    for (Record r : alice.getSection(Section.ANSWER)) {
      texts.add(String.join("", ((TXTRecord) r).getStrings()));
    }
    assertThat(texts).containsExactly("did=" + tb.account("alice").did());

    Message twoDids = resolver.send(Message.newQuery(Record.newRecord(
        Name.fromString("_atproto." + dns.handleFor("twoDids") + "."), Type.TXT, DClass.IN)));
    assertThat(twoDids.getSection(Section.ANSWER)).hasSize(2);

    Message missing = resolver.send(Message.newQuery(Record.newRecord(
        Name.fromString("_atproto." + dns.handleFor("missing") + "."), Type.TXT, DClass.IN)));
    assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  @RequiresTestbed(hosts = true, tls = true)
  void testNamesReachAnHttpsServerTrustedThroughTheTestCa() throws Exception {
    Testbed tb = Testbed.get();
    Testbed.Tls tls = tb.tls().orElseThrow();
    assertThat(InetAddress.getByName("bob.test").isLoopbackAddress()).isTrue();

    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(sslContext(tls, tls.serverKeyStore(), tls.trustStore())));
    byte[] did = tb.account("bob").did().getBytes(StandardCharsets.UTF_8);
    server.createContext("/.well-known/atproto-did", ex -> {
      ex.sendResponseHeaders(200, did.length);
      ex.getResponseBody().write(did);
      ex.close();
    });
    server.start();
    try {
      HttpClient trusting = HttpClient.newBuilder().sslContext(sslContext(tls, null, tls.trustStore())).build();
      URI uri = URI.create("https://bob.test:" + server.getAddress().getPort() + "/.well-known/atproto-did");
      HttpResponse<byte[]> res = trusting.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(res.body()).isEqualTo(did);
      // The JVM's default trust store does not know the test CA.
      assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray()))
          .isInstanceOf(SSLHandshakeException.class);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void pdsClientChangesAnAccountItCreated() {
    Testbed tb = Testbed.get();
    PdsClient pds = tb.pds();
    String handle = PdsClient.randomHandle("smoke");
    PdsClient.Session s = pds.createAccount(handle, "smoke-pass");
    assertThat(pds.createSession(handle, "smoke-pass").did()).isEqualTo(s.did());

    JsonNode blob = pds.uploadBlob(s, "not really a picture".getBytes(StandardCharsets.UTF_8), "text/plain");
    Testbed.RecordRef note = pds.createRecord(s, "com.example.devnet.note",
        Map.of("body", "hello", "attachment", blob, "createdAt", "2024-05-01T09:00:00Z"));
    Testbed.RecordRef profile = pds.putRecord(s, "app.bsky.actor.profile", "self", Map.of("displayName", "Smoke"));
    assertThat(profile.uri()).isEqualTo("at://" + s.did() + "/app.bsky.actor.profile/self");
    assertThat(pds.getBlob(s.did(), PdsClient.blobCid(blob))).asString(StandardCharsets.UTF_8)
        .isEqualTo("not really a picture");
    String revAfterWrites = pds.latestCommit(s.did()).path("rev").asText();
    pds.deleteRecord(s, "com.example.devnet.note", note.rkey());
    assertThat(pds.latestCommit(s.did()).path("rev").asText()).isGreaterThan(revAfterWrites);

    pds.takedown(s.did(), true);
    assertThatThrownBy(() -> pds.getRepo(s.did()))
        .isInstanceOfSatisfying(PdsClient.XrpcException.class, e -> assertThat(e.error()).isEqualTo("RepoTakendown"));
    pds.takedown(s.did(), false);
    assertThat(pds.getRepo(s.did())).isNotEmpty();
  }

  @Test
  void privateInstanceIsIndependentAndStopsOnClose() throws Exception {
    Testbed shared = Testbed.get();
    TestbedInstance instance = TestbedInstance.launch(10, Duration.ofMinutes(5));
    Testbed own;
    try (instance) {
      own = instance.testbed();
      assertThat(own.pdsUrl()).isNotEqualTo(shared.pdsUrl());
      assertThat(own.account("alice").did()).isNotEqualTo(shared.account("alice").did());
      assertThat(own.account("bob").totalRecords()).isLessThan(shared.account("bob").totalRecords());
      assertThat(get(URI.create(own.plcUrl() + "/" + own.account("alice").did())).statusCode()).isEqualTo(200);
    }
    assertThat(instance.isAlive()).isFalse();
    assertThat(own.isRunning()).isFalse();
    assertThat(Files.exists(own.file())).isFalse();
  }

  private HttpResponse<byte[]> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static SSLContext sslContext(Testbed.Tls tls, java.nio.file.Path keyStore, java.nio.file.Path trustStore)
      throws Exception {
    KeyManagerFactory kmf = null;
    if (keyStore != null) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(keyStore, tls.passwordChars()), tls.passwordChars());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load(trustStore, tls.passwordChars()));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static KeyStore load(java.nio.file.Path file, char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    }
    return ks;
  }

  /** Binary CID from its multibase base32 ("b...") string form; test-local so the smoke test needs no core code. */
  private static byte[] cidBytes(String cid) {
    assertThat(cid).startsWith("b");
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    byte[] out = new byte[(cid.length() - 1) * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (char c : cid.substring(1).toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (buffer >> bits);
      }
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    int size = 0;
    for (byte[] p : parts) {
      size += p.length;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
