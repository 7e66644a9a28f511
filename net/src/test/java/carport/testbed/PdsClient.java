package carport.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A small XRPC client for changing test bed state from tests: sessions, accounts, record
 * writes, blob uploads, deactivation and admin takedowns. It is test scaffolding, deliberately
 * independent of the carport code under test.
 *
 * <p>On the shared test bed, change only accounts made with {@link #createAccount}; the seeded
 * accounts are read by other tests that compare against the JSON.
 */
public final class PdsClient {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI pdsUrl;
  private final String adminPassword;
  private final HttpClient http;

  public PdsClient(URI pdsUrl, String adminPassword) {
    this.pdsUrl = pdsUrl;
    this.adminPassword = adminPassword;
    // HTTP/1.1: on plain http the JDK client otherwise asks for an h2c upgrade, and the PDS
    // (whose server also handles WebSocket upgrades) drops such connections without a reply.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  public URI pdsUrl() {
    return pdsUrl;
  }

  /** A logged-in account. */
  public record Session(String did, String handle, String accessJwt, String refreshJwt) {}

  /** A non-2xx XRPC answer; {@link #error()} is the XRPC error name, e.g. {@code RepoTakendown}. */
  public static final class XrpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;

    XrpcException(String nsid, int status, String error, String message) {
      super(nsid + " failed with HTTP " + status + (error == null ? "" : " " + error)
          + (message == null ? "" : ": " + message));
      this.status = status;
      this.error = error;
    }

    public int status() {
      return status;
    }

    public String error() {
      return error;
    }
  }

  /** A fresh handle under the PDS's {@code .test} domain, e.g. {@code exp-k3j9x2a1.test}. */
  public static String randomHandle(String prefix) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder b = new StringBuilder(prefix).append('-');
    // The PDS allows at most 18 characters before ".test".
    while (b.length() < 18) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b + ".test";
  }

  // ------------------------------------------------------------------ accounts and sessions

  /** Creates an account on the PDS (and its DID in the PLC) and returns its session. */
  public Session createAccount(String handle, String password) {
    ObjectNode body = Testbed.JSON.createObjectNode()
        .put("handle", handle)
        .put("email", handle.replace('.', '-') + "@devnet.test")
        .put("password", password);
    return session(procedure("com.atproto.server.createAccount", body, null));
  }

  /** Logs in with a handle or DID. */
  public Session createSession(String identifier, String password) {
    ObjectNode body = Testbed.JSON.createObjectNode().put("identifier", identifier).put("password", password);
    return session(procedure("com.atproto.server.createSession", body, null));
  }

  /** Logs in as a seeded account (only active ones can log in). */
  public Session createSession(Testbed.Account account) {
    return createSession(account.did(), account.password());
  }

  public void deactivate(Session s) {
    procedure("com.atproto.server.deactivateAccount", Testbed.JSON.createObjectNode(), s);
  }

  public void activate(Session s) {
    procedure("com.atproto.server.activateAccount", null, s);
  }

  /** Admin takedown of a repo ({@code applied=false} reverses it). */
  public void takedown(String did, boolean applied) {
    ObjectNode body = Testbed.JSON.createObjectNode();
    body.putObject("subject").put("$type", "com.atproto.admin.defs#repoRef").put("did", did);
    body.putObject("takedown").put("applied", applied).put("ref", "carport-test");
    send("com.atproto.admin.updateSubjectStatus", post("com.atproto.admin.updateSubjectStatus", body), adminAuth());
  }

  // ------------------------------------------------------------------ records and blobs

  /**
   * Creates a record; {@code $type} is set to the collection unless given.
   *
   * @param record a Map, JsonNode or anything Jackson can turn into a JSON object
   */
  public Testbed.RecordRef createRecord(Session s, String collection, Object record) {
    return createRecord(s, collection, null, record);
  }

  /** Creates a record with a chosen rkey (null: the PDS picks a TID). */
  public Testbed.RecordRef createRecord(Session s, String collection, String rkey, Object record) {
    ObjectNode body = Testbed.JSON.createObjectNode().put("repo", s.did()).put("collection", collection);
    if (rkey != null) {
      body.put("rkey", rkey);
    }
    body.set("record", typed(collection, record));
    return ref(procedure("com.atproto.repo.createRecord", body, s));
  }

  /** Creates or replaces the record at collection/rkey. */
  public Testbed.RecordRef putRecord(Session s, String collection, String rkey, Object record) {
    ObjectNode body = Testbed.JSON.createObjectNode().put("repo", s.did()).put("collection", collection).put("rkey", rkey);
    body.set("record", typed(collection, record));
    return ref(procedure("com.atproto.repo.putRecord", body, s));
  }

  public void deleteRecord(Session s, String collection, String rkey) {
    ObjectNode body = Testbed.JSON.createObjectNode().put("repo", s.did()).put("collection", collection).put("rkey", rkey);
    procedure("com.atproto.repo.deleteRecord", body, s);
  }

  /**
   * Uploads a blob and returns its blob object ({@code {"$type":"blob","ref":{"$link":CID},...}}),
   * ready to put into a record; the blob is kept only once a record references it.
   */
  public JsonNode uploadBlob(Session s, byte[] bytes, String mimeType) {
    HttpRequest.Builder req = HttpRequest.newBuilder(xrpcUri("com.atproto.repo.uploadBlob", Map.of()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .header("Content-Type", mimeType);
    return json("com.atproto.repo.uploadBlob", send("com.atproto.repo.uploadBlob", req, bearer(s))).required("blob");
  }

  /** The CID string inside a blob object from {@link #uploadBlob}. */
  public static String blobCid(JsonNode blob) {
    return blob.required("ref").required("$link").asText();
  }

  // ------------------------------------------------------------------ reads

  /** {@code com.atproto.sync.getLatestCommit}: {@code {"cid":..., "rev":...}}. */
  public JsonNode latestCommit(String did) {
    return query("com.atproto.sync.getLatestCommit", Map.of("did", did), null);
  }

  /** The repo as CAR bytes ({@code com.atproto.sync.getRepo}). */
  public byte[] getRepo(String did) {
    return bytes("com.atproto.sync.getRepo", Map.of("did", did));
  }

  public byte[] getBlob(String did, String cid) {
    return bytes("com.atproto.sync.getBlob", Map.of("did", did, "cid", cid));
  }

  // ------------------------------------------------------------------ generic XRPC

  /** A GET XRPC call returning JSON; {@code session} may be null. */
  public JsonNode query(String nsid, Map<String, String> params, Session session) {
    HttpRequest.Builder req = HttpRequest.newBuilder(xrpcUri(nsid, params)).GET();
    return json(nsid, send(nsid, req, bearer(session)));
  }

  /** A GET XRPC call returning raw bytes. */
  public byte[] bytes(String nsid, Map<String, String> params) {
    return send(nsid, HttpRequest.newBuilder(xrpcUri(nsid, params)).GET(), null).body();
  }

  /** A POST XRPC call with a JSON body (null: no body); {@code session} may be null. */
  public JsonNode procedure(String nsid, Object body, Session session) {
    return json(nsid, send(nsid, post(nsid, body), bearer(session)));
  }

  /** Sends an XRPC request and returns the raw response whatever its status. */
  public HttpResponse<byte[]> raw(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("request to " + pdsUrl + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public URI xrpcUri(String nsid, Map<String, String> params) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    new LinkedHashMap<>(params).forEach((k, v) -> {
      if (v != null) {
        q.add(enc(k) + "=" + enc(v));
      }
    });
    return pdsUrl.resolve("/xrpc/" + nsid + q);
  }

  private HttpResponse<byte[]> send(String nsid, HttpRequest.Builder req, String authorization) {
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    HttpResponse<byte[]> res = raw(req);
    if (res.statusCode() / 100 != 2) {
      String error = null;
      String message = new String(res.body(), StandardCharsets.UTF_8);
      try {
        JsonNode j = Testbed.JSON.readTree(res.body());
        error = j.path("error").asText(null);
        message = j.path("message").asText(null);
      } catch (IOException notJson) {
        // keep the raw text as the message
      }
      throw new XrpcException(nsid, res.statusCode(), error, message);
    }
    return res;
  }

  private HttpRequest.Builder post(String nsid, Object body) {
    HttpRequest.Builder req = HttpRequest.newBuilder(xrpcUri(nsid, Map.of()));
    if (body == null) {
      return req.POST(HttpRequest.BodyPublishers.noBody());
    }
    try {
      return req.POST(HttpRequest.BodyPublishers.ofByteArray(Testbed.JSON.writeValueAsBytes(body)))
          .header("Content-Type", "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(String nsid, HttpResponse<byte[]> res) {
    if (res.body().length == 0) {
      return Testbed.JSON.createObjectNode();
    }
    try {
      return Testbed.JSON.readTree(res.body());
    } catch (IOException e) {
      throw new UncheckedIOException(nsid + " returned invalid JSON", e);
    }
  }

  private static ObjectNode typed(String collection, Object record) {
    JsonNode n = Testbed.JSON.valueToTree(record);
    if (!(n instanceof ObjectNode o)) {
      throw new IllegalArgumentException("a record must be a JSON object, got " + n);
    }
    ObjectNode copy = o.deepCopy();
    if (!copy.has("$type")) {
      copy.put("$type", collection);
    }
    return copy;
  }

  private static Session session(JsonNode j) {
    return new Session(j.required("did").asText(), j.path("handle").asText(null),
        j.required("accessJwt").asText(), j.path("refreshJwt").asText(null));
  }

  private static Testbed.RecordRef ref(JsonNode j) {
    return new Testbed.RecordRef(j.required("uri").asText(), j.required("cid").asText());
  }

  private static String bearer(Session s) {
    return s == null ? null : "Bearer " + s.accessJwt();
  }

  private String adminAuth() {
    return "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
