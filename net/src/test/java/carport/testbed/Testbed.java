package carport.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of a running test bed (real PLC directory + PDS on 127.0.0.1, see
 * {@code testbed/README.md}), parsed from the JSON that {@code testbed/testbed.sh start} writes.
 *
 * <p>The shared instance ({@link #get()}) is used by many test classes at once: read from it,
 * and make changes only to accounts you create yourself ({@link PdsClient#createAccount}); for
 * a private network, for example to kill it, use {@link TestbedInstance#launch}.
 */
public final class Testbed {

  /** System property naming the JSON file; {@link #ENV} is the environment variable. */
  public static final String PROPERTY = "carport.testbed.json";

  public static final String ENV = "CARPORT_TESTBED_JSON";

  static final ObjectMapper JSON = new ObjectMapper();

  private static volatile Testbed shared;

  private final Path file;
  private final JsonNode root;
  private final Map<String, Account> accounts;

  private Testbed(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
    Map<String, Account> byName = new LinkedHashMap<>();
    root.required("accounts").properties().forEach(e -> byName.put(e.getKey(), Account.parse(e.getKey(), e.getValue())));
    this.accounts = Collections.unmodifiableMap(byName);
  }

  /**
   * The shared test bed named by {@value #PROPERTY} or {@value #ENV}. Tests that call this
   * should be annotated {@link RequiresTestbed}, which skips them when there is none.
   *
   * @throws IllegalStateException if no test bed JSON is configured
   */
  public static Testbed get() {
    Testbed t = shared;
    if (t == null) {
      synchronized (Testbed.class) {
        t = shared;
        if (t == null) {
          Path file = locate().orElseThrow(() -> new IllegalStateException(
              "no test bed: set -D" + PROPERTY + " or " + ENV + " (./scripts/test does)"));
          shared = t = load(file);
        }
      }
    }
    return t;
  }

  /** Where the shared test bed's JSON is configured to be, if anywhere (it may not exist). */
  public static Optional<Path> locate() {
    for (String v : new String[] {System.getProperty(PROPERTY), System.getProperty(ENV), System.getenv(ENV)}) {
      if (v != null && !v.isBlank()) {
        return Optional.of(Path.of(v.strip()));
      }
    }
    return Optional.empty();
  }

  /** Parses a test bed JSON file. */
  public static Testbed load(Path file) {
    try {
      return new Testbed(file.toAbsolutePath(), JSON.readTree(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test bed JSON " + file, e);
    }
  }

  public Path file() {
    return file;
  }

  /** The whole JSON, for fields without an accessor. */
  public JsonNode json() {
    return root;
  }

  /** Base URL of the PLC directory, {@code http://127.0.0.1:PORT}; a DID document is at {@code plcUrl/DID}. */
  public URI plcUrl() {
    return URI.create(root.required("plcUrl").asText());
  }

  /** Base URL of the PDS, {@code http://127.0.0.1:PORT}; also the endpoint that DID documents name. */
  public URI pdsUrl() {
    return URI.create(root.required("pdsUrl").asText());
  }

  public URI firehoseUrl() {
    return URI.create(root.required("firehoseUrl").asText());
  }

  public String pdsDid() {
    return root.required("pdsDid").asText();
  }

  /** Password of the PDS's HTTP Basic user {@code admin}. */
  public String adminPassword() {
    return root.required("adminPassword").asText();
  }

  /** Process id of the Node process that runs PLC and PDS. */
  public long pid() {
    return root.required("pid").asLong();
  }

  public boolean isRunning() {
    return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Seeded accounts by name: alice, bob, carol (active), dave (deactivated), erin (taken down). */
  public Map<String, Account> accounts() {
    return accounts;
  }

  /** A seeded account by name, e.g. {@code "alice"}. */
  public Account account(String name) {
    Account a = accounts.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no account " + name + " in the test bed; have " + accounts.keySet());
    }
    return a;
  }

  /** A client for this test bed's PDS. */
  public PdsClient pds() {
    return new PdsClient(pdsUrl(), adminPassword());
  }

  /** Whether this test bed runs a second PDS ({@code --second-pds}, {@link TestbedInstance.Options#secondPds}). */
  public boolean hasSecondPds() {
    return root.hasNonNull("pds2Url");
  }

  /** Base URL of the second PDS (handle domain {@code .test2}, empty at start); needs {@link #hasSecondPds()}. */
  public URI pds2Url() {
    return URI.create(secondPds("pds2Url"));
  }

  /** Service DID of the second PDS, {@code did:web:pds2.localhost} (PDS 1 is {@code did:web:localhost}). */
  public String pds2Did() {
    return secondPds("pds2Did");
  }

  /** A client for the second PDS. */
  public PdsClient pds2() {
    return new PdsClient(pds2Url(), adminPassword());
  }

  /** The loopback control endpoint of a two-PDS test bed (see {@link Control}). */
  public Control control() {
    return new Control(URI.create(secondPds("controlUrl")));
  }

  private String secondPds(String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      throw new IllegalStateException(field + ": this test bed has no second PDS; launch one with "
          + "TestbedInstance.launch(TestbedInstance.Options.twoPds())");
    }
    return n.asText();
  }

  /** The loopback DNS server, present once {@code testbed.sh dns-start} ran. */
  public Optional<Dns> dns() {
    JsonNode d = root.get("dns");
    return d == null || d.isNull() ? Optional.empty() : Optional.of(Dns.parse(d));
  }

  /** Test CA and key stores, present once {@code testbed.sh tls-gen} ran. */
  public Optional<Tls> tls() {
    JsonNode t = root.get("tls");
    return t == null || t.isNull() ? Optional.empty() : Optional.of(Tls.parse(t));
  }

  /**
   * The hosts file mapping the test names to 127.0.0.1, meant for {@code -Djdk.net.hosts.file}
   * (which {@code ./scripts/test} passes to the test JVMs).
   */
  public Optional<Path> hostsFile() {
    JsonNode h = root.get("hostsFile");
    return h == null || h.isNull() ? Optional.empty() : Optional.of(Path.of(h.asText()));
  }

  /** Names that the hosts file maps to 127.0.0.1 and the test server certificate lists. */
  public List<String> testNames() {
    return strings(root.get("testNames"));
  }

  /** Whether this JVM resolves the test names to loopback (that is, runs with the hosts file). */
  public boolean hostsMappingActive() {
    try {
      return InetAddress.getByName(account("alice").handle()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return List.copyOf(out);
  }

  /**
   * Account state as of the test bed's start.
   *
   * @param rev repo head rev at start
   * @param commitCid repo head commit CID at start
   * @param sinceRev an earlier rev, for {@code getRepo?since=} (null where there is none)
   * @param records record count per collection
   * @param blobs blob CIDs, as listed by {@code com.atproto.sync.listBlobs}
   * @param deletedRecords at:// URIs of records that were created and then deleted
   * @param sampleRecords sample records by kind: profile, post, postWithImage, reply, customRecord (where present)
   */
  public record Account(
      String name,
      String did,
      String handle,
      String email,
      String password,
      Status status,
      String rev,
      String commitCid,
      String sinceRev,
      Map<String, Integer> records,
      int totalRecords,
      List<String> blobs,
      List<String> deletedRecords,
      Map<String, RecordRef> sampleRecords,
      Optional<RotationKey> rotationKey,
      Optional<JsonNode> preferences) {

    static Account parse(String name, JsonNode a) {
      Map<String, Integer> records = new LinkedHashMap<>();
      a.path("records").properties().forEach(e -> records.put(e.getKey(), e.getValue().asInt()));
      Map<String, RecordRef> samples = new LinkedHashMap<>();
      a.path("sampleRecords").properties().forEach(e -> samples.put(e.getKey(), RecordRef.parse(e.getValue())));
      JsonNode since = a.get("sinceRev");
      return new Account(
          name,
          a.required("did").asText(),
          a.required("handle").asText(),
          a.path("email").asText(null),
          a.required("password").asText(),
          Status.parse(a.required("status").asText()),
          a.required("rev").asText(),
          a.required("commitCid").asText(),
          since == null || since.isNull() ? null : since.asText(),
          Collections.unmodifiableMap(records),
          a.path("totalRecords").asInt(),
          strings(a.get("blobs")),
          strings(a.get("deletedRecords")),
          Collections.unmodifiableMap(samples),
          Optional.ofNullable(a.get("rotationKey")).filter(n -> !n.isNull()).map(RotationKey::parse),
          Optional.ofNullable(a.get("preferences")).filter(n -> !n.isNull()));
    }

    /** {@code at://DID/collection/rkey} of a sample record; throws if this account has none of that kind. */
    public RecordRef sample(String kind) {
      RecordRef r = sampleRecords.get(kind);
      if (r == null) {
        throw new IllegalArgumentException(name + " has no sample record " + kind + "; has " + sampleRecords.keySet());
      }
      return r;
    }
  }

  /**
   * A secp256k1 rotation key the account holds itself (two-PDS test beds: alice and bob), first
   * in its DID's {@code rotationKeys}.
   *
   * @param didKey its public {@code did:key}
   * @param privateKeyHex the private key as 64 hex characters
   * @param privateKeyMultibase the private key as {@code goat key generate} prints it ({@code z3vL...})
   */
  public record RotationKey(String didKey, String privateKeyHex, String privateKeyMultibase) {
    static RotationKey parse(JsonNode n) {
      return new RotationKey(n.required("didKey").asText(), n.required("privateKeyHex").asText(),
          n.required("privateKeyMultibase").asText());
    }

    @Override
    public String toString() {
      return "RotationKey[" + didKey + "]"; // the private key stays out of test logs
    }
  }

  public enum Status {
    ACTIVE, DEACTIVATED, TAKENDOWN;

    static Status parse(String s) {
      return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** A record's at:// URI and CID. */
  public record RecordRef(String uri, String cid) {
    static RecordRef parse(JsonNode n) {
      return new RecordRef(n.required("uri").asText(), n.required("cid").asText());
    }

    public String did() {
      return part(0);
    }

    public String collection() {
      return part(1);
    }

    public String rkey() {
      return part(2);
    }

    private String part(int i) {
      return uri.substring("at://".length()).split("/")[i];
    }
  }

  /**
   * The loopback dnsmasq: serves {@code _atproto.<handle>} TXT records for every seeded account
   * plus the negative cases in {@link #cases()}, NXDOMAIN for other {@code .test} names, and
   * forwards nothing.
   *
   * @param records TXT records by name; each record is its list of character-strings
   * @param cases handles by purpose: {@code extraTxt} (carol.test: also has an unrelated TXT),
   *     {@code twoDids} (two different did= records), {@code impostor} (names alice's DID,
   *     whose document claims alice.test), {@code unknownDid} (a DID the PLC does not know),
   *     {@code badDid} (did= followed by garbage), {@code noDid} (TXT records, none did=),
   *     {@code splitStrings} (alice's did= split over two character-strings),
   *     {@code missing} (no records at all)
   */
  public record Dns(String host, int port, long pid, Map<String, List<List<String>>> records, Map<String, String> cases) {
    static Dns parse(JsonNode d) {
      Map<String, List<List<String>>> records = new LinkedHashMap<>();
      d.path("records").properties().forEach(e -> {
        List<List<String>> list = new ArrayList<>();
        e.getValue().forEach(r -> list.add(strings(r)));
        records.put(e.getKey(), List.copyOf(list));
      });
      Map<String, String> cases = new LinkedHashMap<>();
      d.path("cases").properties().forEach(e -> cases.put(e.getKey(), e.getValue().asText()));
      return new Dns(d.required("host").asText(), d.required("port").asInt(), d.path("pid").asLong(),
          Collections.unmodifiableMap(records), Collections.unmodifiableMap(cases));
    }

    public InetSocketAddress address() {
      return new InetSocketAddress(host, port);
    }

    /** The handle used for a negative case, e.g. {@code handleFor("twoDids")}; throws for unknown cases. */
    public String handleFor(String purpose) {
      String h = cases.get(purpose);
      if (h == null) {
        throw new IllegalArgumentException("no DNS case " + purpose + "; have " + cases.keySet());
      }
      return h;
    }
  }

  /**
   * Test TLS material (PKCS12, one password for all): a trust store holding only the test CA,
   * a server key store (alias {@code server}) whose certificate the CA signed for every name in
   * {@link #names()} and 127.0.0.1, and an untrusted self-signed key store for the same names.
   */
  public record Tls(Path caCertificate, Path trustStore, Path serverKeyStore, Path untrustedKeyStore, String password,
      List<String> names) {
    static Tls parse(JsonNode t) {
      return new Tls(Path.of(t.required("caCertificate").asText()), Path.of(t.required("trustStore").asText()),
          Path.of(t.required("serverKeyStore").asText()), Path.of(t.required("untrustedKeyStore").asText()),
          t.required("password").asText(), strings(t.get("names")));
    }

    public char[] passwordChars() {
      return password.toCharArray();
    }
  }
}
