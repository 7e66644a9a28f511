package carport.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.testbed.Control;
import carport.testbed.PdsClient;
import carport.testbed.RequiresTestbed;
import carport.testbed.TcpProxy;
import carport.testbed.Testbed;
import carport.testbed.TestbedInstance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The two-PDS test bed that restore and migration tests use: second PDS, own rotation keys, control endpoint, proxy. */
@RequiresTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecondPdsTestbedTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static TestbedInstance instance;
  private static Testbed bed;

  @BeforeAll
  static void launch() {
    instance = TestbedInstance.launch(TestbedInstance.Options.twoPds().bobRecords(10).pds2Limit(300_000));
    bed = instance.testbed();
  }

  @AfterAll
  static void close() {
    if (instance != null) {
      instance.close();
    }
  }

  @Test
  void secondPdsIsEmptyWithItsOwnDidDomainAndLimits() throws Exception {
    assertThat(bed.hasSecondPds()).isTrue();
    assertThat(bed.pds2Did()).isEqualTo("did:web:pds2.localhost").isNotEqualTo(bed.pdsDid());
    JsonNode described = json(bed.pds2Url().resolve("/xrpc/com.atproto.server.describeServer"));
    assertThat(described.path("did").asText()).isEqualTo(bed.pds2Did());
    assertThat(described.path("availableUserDomains").toString()).contains(".test2");
    // PDS 2 does not serve the seeded accounts
    PdsClient pds2 = bed.pds2();
    assertThatThrownBy(() -> pds2.latestCommit(bed.account("alice").did()))
        .isInstanceOf(PdsClient.XrpcException.class);
    // the lowered limit: 400 KB is over 300,000 bytes
    PdsClient.Session s = pds2.createAccount(PdsClient.randomHandle("lim").replace(".test", ".test2"), "pw-lim");
    assertThatThrownBy(() -> pds2.uploadBlob(s, new byte[400_000], "application/octet-stream"))
        .isInstanceOfSatisfying(PdsClient.XrpcException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void aliceAndBobHoldTheFirstRotationKeyAndPreferences() throws Exception {
    for (String name : new String[] {"alice", "bob"}) {
      Testbed.Account a = bed.account(name);
      Testbed.RotationKey key = a.rotationKey().orElseThrow();
      assertThat(key.privateKeyHex()).matches("[0-9a-f]{64}");
      assertThat(key.privateKeyMultibase()).startsWith("z3vL");
      assertThat(key.toString()).doesNotContain(key.privateKeyHex());
      JsonNode data = json(URI.create(bed.plcUrl() + "/" + a.did() + "/data"));
      assertThat(data.path("rotationKeys").get(0).asText()).isEqualTo(key.didKey());
      assertThat(data.path("rotationKeys").size()).isEqualTo(2);
      assertThat(a.preferences()).isPresent();
      assertThat(a.preferences().get().size()).isPositive();
    }
    assertThat(bed.account("carol").rotationKey()).isEmpty();
  }

  @Test
  void emailTokenOfARequestedPlcSignature() {
    Testbed.Account carol = bed.account("carol");
    Control control = bed.control();
    assertThat(control.emailToken(carol.did())).isEmpty();
    PdsClient pds = bed.pds();
    PdsClient.Session s = pds.createSession(carol);
    pds.procedure("com.atproto.identity.requestPlcOperationSignature", null, s);
    assertThat(control.emailToken(carol.did())).hasValueSatisfying(t -> assertThat(t).matches("[A-Z2-7]{5}-[A-Z2-7]{5}"));
  }

  @Test
  void proxyPlaysAnOutage() throws Exception {
    try (TcpProxy proxy = TcpProxy.to(bed.pds2Url())) {
      URI health = proxy.url().resolve("/xrpc/_health");
      assertThat(status(health)).isEqualTo(200);
      proxy.down();
      assertThatThrownBy(() -> status(health)).isInstanceOf(ConnectException.class);
      proxy.up();
      assertThat(status(health)).isEqualTo(200);
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // the others need PDS 1
  void pds1StopsForGood() throws Exception {
    URI health = bed.pdsUrl().resolve("/xrpc/_health");
    assertThat(status(health)).isEqualTo(200);
    assertThat(bed.control().stopPds1()).isTrue();
    assertThatThrownBy(() -> status(health)).isInstanceOf(ConnectException.class);
    assertThat(bed.control().stopPds1()).isFalse();
    assertThat(status(bed.pds2Url().resolve("/xrpc/_health"))).isEqualTo(200);
    assertThat(status(URI.create(bed.plcUrl() + "/" + bed.account("bob").did()))).isEqualTo(200);
  }

  private static int status(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static JsonNode json(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
