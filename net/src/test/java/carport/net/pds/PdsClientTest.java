package carport.net.pds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cid.Cid;
import carport.core.syntax.Did;
import carport.net.http.ConnectionException;
import carport.net.http.HttpConfig;
import carport.net.http.HttpTransport;
import carport.net.http.RateLimitedException;
import carport.net.testserver.TestHttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authenticated PDS client against a local HTTP server that plays the PDS's answers. */
class PdsClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    private static final String PASSWORD = "hunter2-main-password";

    @TempDir
    Path dir;

    private final List<TestHttpServer> servers = new ArrayList<>();
    private final HttpTransport http = new HttpTransport(HttpConfig.builder()
            .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).rateLimit(Duration.ofMillis(50), 1).build());

    @AfterEach
    void stop() {
        servers.forEach(TestHttpServer::close);
    }

    private TestHttpServer server() throws IOException {
        TestHttpServer s = TestHttpServer.http();
        servers.add(s);
        return s;
    }

    static String jwt(String scope, String tag) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString("{\"alg\":\"ES256K\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(("{\"scope\":\"" + scope + "\",\"sub\":\"" + DID + "\",\"t\":\"" + tag + "\"}")
                        .getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static String sessionJson(String scope, String tag) {
        return "{\"did\":\"" + DID + "\",\"handle\":\"alice.test\",\"email\":\"alice@example.com\","
                + "\"accessJwt\":\"" + jwt(scope, tag) + "\",\"refreshJwt\":\"" + jwt("com.atproto.refresh", tag) + "\","
                + "\"active\":true}";
    }

    private static byte[] body(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        return ex.getRequestBody().readAllBytes();
    }

    @Test
    void aMainPasswordLoginIsFullAccessAndSecretsStayOutOfToString() throws IOException {
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        TestHttpServer pds = server().route("/xrpc/com.atproto.server.createSession", ex -> {
            bodies.add(JSON.readTree(body(ex)));
            TestHttpServer.json(ex, 200, sessionJson("com.atproto.access", "a"));
        });

        PdsSession s = new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD));

        assertThat(s.did()).isEqualTo(Did.parse(DID));
        assertThat(s.session().isAppPassword()).isFalse();
        assertThat(s.session().email()).contains("alice@example.com");
        assertThat(bodies.get(0).get("identifier").asText()).isEqualTo("alice.test");
        assertThat(bodies.get(0).get("password").asText()).isEqualTo(PASSWORD);
        s.requireMainPassword("moving the account");
        assertThat(s.toString() + s.session() + Secret.of(PASSWORD))
                .doesNotContain(PASSWORD).doesNotContain(jwt("com.atproto.access", "a").split("\\.")[1]);
    }

    @Test
    void anAppPasswordSessionIsRefusedBeforeAnythingIsSent() throws IOException {
        TestHttpServer pds = server().route("/xrpc/com.atproto.server.createSession",
                ex -> TestHttpServer.json(ex, 200, sessionJson("com.atproto.appPass", "a")));
        PdsSession s = new PdsClient(http, pds.uri()).login("alice.test", Secret.of("abcd-efgh-ijkl-mnop"));

        assertThat(s.session().isAppPassword()).isTrue();
        assertThatThrownBy(() -> s.requireMainPassword("carport migrate"))
                .isInstanceOfSatisfying(PdsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PdsException.Kind.APP_PASSWORD);
                    assertThat(e.isUsage()).isTrue();
                    assertThat(e.getMessage()).contains("main password").doesNotContain("abcd-efgh");
                });
        assertThat(pds.requests()).hasSize(1);
    }

    @Test
    void theServersAppPasswordRefusalOfServiceAuthIsNamed() throws IOException {
        TestHttpServer pds = server()
                .route("/xrpc/com.atproto.server.createSession",
                        ex -> TestHttpServer.json(ex, 200, sessionJson("", "a")))
                .route("/xrpc/com.atproto.server.getServiceAuth", ex -> TestHttpServer.json(ex, 400,
                        "{\"error\":\"InvalidRequest\",\"message\":\"insufficient access to request a service auth"
                                + " token for the following method: com.atproto.server.createAccount\"}"));
        PdsSession s = new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD));

        assertThatThrownBy(() -> s.getServiceAuth(Did.parse("did:web:pds2.localhost"),
                "com.atproto.server.createAccount", Duration.ofMinutes(5)))
                .isInstanceOfSatisfying(PdsException.class,
                        e -> assertThat(e.kind()).isEqualTo(PdsException.Kind.APP_PASSWORD));
    }

    @Test
    void aWrongPasswordIsOneClearLine() throws IOException {
        TestHttpServer pds = server().route("/xrpc/com.atproto.server.createSession", ex -> TestHttpServer.json(ex,
                401, "{\"error\":\"AuthenticationRequired\",\"message\":\"Invalid identifier or password\"}"));

        assertThatThrownBy(() -> new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD)))
                .isInstanceOfSatisfying(PdsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PdsException.Kind.WRONG_PASSWORD);
                    assertThat(e.getMessage()).contains("Invalid identifier or password").doesNotContain(PASSWORD)
                            .doesNotContain("\n");
                });
    }

    @Test
    void anExpiredAccessTokenIsRenewedOnceWithTheRefreshTokenAndTheCallRepeated() throws IOException {
        List<String> auth = new CopyOnWriteArrayList<>();
        TestHttpServer pds = server()
                .route("/xrpc/com.atproto.server.createSession",
                        ex -> TestHttpServer.json(ex, 200, sessionJson("com.atproto.access", "old")))
                .route("/xrpc/com.atproto.server.refreshSession", ex -> {
                    auth.add("refresh " + ex.getRequestHeaders().getFirst("Authorization"));
                    TestHttpServer.json(ex, 200, sessionJson("com.atproto.access", "new"));
                })
                .route("/xrpc/com.atproto.server.checkAccountStatus", ex -> {
                    String a = ex.getRequestHeaders().getFirst("Authorization");
                    auth.add("status " + a);
                    if (a.equals("Bearer " + jwt("com.atproto.access", "old"))) {
                        TestHttpServer.json(ex, 400, "{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}");
                    } else {
                        TestHttpServer.json(ex, 200, "{\"activated\":false,\"validDid\":true,\"repoBlocks\":2,"
                                + "\"indexedRecords\":0,\"privateStateValues\":0,\"expectedBlobs\":3,\"importedBlobs\":1}");
                    }
                });
        PdsSession s = new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD));

        AccountStatus st = s.checkAccountStatus();

        assertThat(st.activated()).isFalse();
        assertThat(st.expectedBlobs()).isEqualTo(3);
        assertThat(st.importedBlobs()).isEqualTo(1);
        assertThat(auth).containsExactly(
                "status Bearer " + jwt("com.atproto.access", "old"),
                "refresh Bearer " + jwt("com.atproto.refresh", "old"),
                "status Bearer " + jwt("com.atproto.access", "new"));
    }

    @Test
    void aRedirectOfARequestWithCredentialsIsNotFollowed() throws IOException {
        TestHttpServer elsewhere = server().routePrefix("/", ex -> TestHttpServer.json(ex, 200, "{}"));
        TestHttpServer pds = server()
                .route("/xrpc/com.atproto.server.createSession", ex -> {
                    ex.getResponseHeaders().set("Location", elsewhere.uri() + "/xrpc/com.atproto.server.createSession");
                    TestHttpServer.send(ex, 307, "text/plain", "");
                })
                .route("/xrpc/com.atproto.server.getSession", ex -> {
                    ex.getResponseHeaders().set("Location", elsewhere.uri() + "/steal");
                    TestHttpServer.send(ex, 302, "text/plain", "");
                });

        assertThatThrownBy(() -> new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD)))
                .isInstanceOfSatisfying(PdsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PdsException.Kind.REDIRECT);
                    assertThat(e.getMessage()).contains(elsewhere.uri().getHost()).doesNotContain(PASSWORD);
                });
        assertThat(elsewhere.requests()).isEmpty();
    }

    @Test
    void importRepoStreamsTheFileAndA413NamesThePdsSetting() throws IOException {
        byte[] car = new byte[300_000];
        new java.util.Random(1).nextBytes(car);
        Path file = Files.write(dir.resolve("_repo.car"), car);
        List<byte[]> got = new CopyOnWriteArrayList<>();
        List<String> types = new CopyOnWriteArrayList<>();
        TestHttpServer pds = server()
                .route("/xrpc/com.atproto.server.createSession",
                        ex -> TestHttpServer.json(ex, 200, sessionJson("com.atproto.access", "a")))
                .route("/xrpc/com.atproto.repo.importRepo", ex -> {
                    byte[] b = body(ex);
                    got.add(b);
                    types.add(ex.getRequestHeaders().getFirst("Content-Type"));
                    if (got.size() == 1) {
                        TestHttpServer.send(ex, 200, "text/plain", "");
                    } else {
                        TestHttpServer.json(ex, 413,
                                "{\"error\":\"PayloadTooLarge\",\"message\":\"request entity too large\"}");
                    }
                });
        PdsSession s = new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD));

        s.importRepo(file);
        assertThat(got.get(0)).isEqualTo(car);
        assertThat(types.get(0)).isEqualTo("application/vnd.ipld.car");

        assertThatThrownBy(() -> s.importRepo(file)).isInstanceOfSatisfying(PdsException.class, e -> {
            assertThat(e.kind()).isEqualTo(PdsException.Kind.TOO_LARGE);
            assertThat(e.getMessage()).contains("PDS_MAX_REPO_IMPORT_SIZE");
        });
    }

    @Test
    void a429SaysWhenToTryAgain() throws IOException {
        long reset = Instant.now().plusSeconds(3 * 3600).getEpochSecond();
        TestHttpServer pds = server()
                .route("/xrpc/com.atproto.server.createSession",
                        ex -> TestHttpServer.json(ex, 200, sessionJson("com.atproto.access", "a")))
                .route("/xrpc/com.atproto.repo.uploadBlob", ex -> {
                    body(ex);
                    ex.getResponseHeaders().set("RateLimit-Reset", Long.toString(reset));
                    ex.getResponseHeaders().set("RateLimit-Remaining", "0");
                    TestHttpServer.json(ex, 429, "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}");
                });
        PdsSession s = new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD));
        Path blob = Files.write(dir.resolve("blob"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> s.uploadBlob(blob, "application/octet-stream"))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("uploadBlob").hasMessageContaining(Instant.ofEpochSecond(reset).toString());
    }

    @Test
    void listMissingBlobsFollowsTheCursorAndStopsWhenItRepeats() throws IOException {
        String c1 = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
        String c2 = "bafkreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";
        TestHttpServer pds = server()
                .route("/xrpc/com.atproto.server.createSession",
                        ex -> TestHttpServer.json(ex, 200, sessionJson("com.atproto.access", "a")))
                .route("/xrpc/com.atproto.repo.listMissingBlobs", ex -> {
                    String cursor = TestHttpServer.param(ex, "cursor");
                    String cid = cursor == null ? c1 : c2;
                    TestHttpServer.json(ex, 200, "{\"cursor\":\"k\",\"blobs\":[{\"cid\":\"" + cid
                            + "\",\"recordUri\":\"at://" + DID + "/app.bsky.feed.post/3k\"}]}");
                });
        PdsSession s = new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD));
        List<MissingBlob> got = new ArrayList<>();

        s.listMissingBlobs(got::add);

        assertThat(got).extracting(MissingBlob::cid).containsExactly(Cid.parse(c1), Cid.parse(c2));
        assertThat(pds.count("/xrpc/com.atproto.repo.listMissingBlobs")).isEqualTo(2);
    }

    @Test
    void createAccountSendsTheServiceTokenAndHandleErrorsAreNamed() throws IOException {
        List<String> auth = new CopyOnWriteArrayList<>();
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        TestHttpServer pds = server().route("/xrpc/com.atproto.server.createAccount", ex -> {
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            JsonNode b = JSON.readTree(body(ex));
            bodies.add(b);
            switch (b.get("handle").asText()) {
                case "taken.test2" -> TestHttpServer.json(ex, 400,
                        "{\"error\":\"HandleNotAvailable\",\"message\":\"Handle already taken: taken.test2\"}");
                case "alice.test" -> TestHttpServer.json(ex, 400,
                        "{\"error\":\"InvalidRequest\",\"message\":\"External handle did not resolve to DID\"}");
                case "again.test2" -> TestHttpServer.json(ex, 400,
                        "{\"error\":\"AlreadyExists\",\"message\":\"Repo already exists\"}");
                case "invite.test2" -> TestHttpServer.json(ex, 400,
                        "{\"error\":\"InvalidRequest\",\"message\":\"No invite code provided\"}");
                default -> TestHttpServer.json(ex, 200, sessionJson("com.atproto.access", "n"));
            }
        });
        PdsClient client = new PdsClient(http, pds.uri());
        Secret token = Secret.of("service.auth.token");
        java.util.function.Function<String, PdsClient.NewAccount> acct = h -> new PdsClient.NewAccount(
                Did.parse(DID), h, java.util.Optional.of("a@example.com"), Secret.of(PASSWORD), java.util.Optional.empty());

        PdsSession s = client.createAccount(acct.apply("alice.test2"), token);

        assertThat(s.did()).isEqualTo(Did.parse(DID));
        assertThat(auth.get(0)).isEqualTo("Bearer service.auth.token");
        assertThat(bodies.get(0).get("did").asText()).isEqualTo(DID);
        assertThat(bodies.get(0).get("email").asText()).isEqualTo("a@example.com");
        assertThat(bodies.get(0).has("inviteCode")).isFalse();
        assertThat(kind(() -> client.createAccount(acct.apply("taken.test2"), token))).isEqualTo(PdsException.Kind.HANDLE_TAKEN);
        assertThat(kind(() -> client.createAccount(acct.apply("alice.test"), token))).isEqualTo(PdsException.Kind.HANDLE_DOMAIN);
        assertThat(kind(() -> client.createAccount(acct.apply("again.test2"), token))).isEqualTo(PdsException.Kind.ALREADY_EXISTS);
        assertThat(kind(() -> client.createAccount(acct.apply("invite.test2"), token))).isEqualTo(PdsException.Kind.INVITE_CODE);
        assertThat(pds.count("/xrpc/com.atproto.server.createAccount")).as("createAccount is never retried").isEqualTo(5);
    }

    private static PdsException.Kind kind(Runnable r) {
        try {
            r.run();
        } catch (PdsException e) {
            return e.kind();
        }
        throw new AssertionError("no PdsException");
    }

    @Test
    void requestPlcOperationSignatureAndActivateSendNoBodyAndDeactivateSendsAnEmptyObject() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpHandler record = ex -> {
            byte[] b = body(ex);
            seen.add(ex.getRequestURI().getPath() + " " + ex.getRequestMethod() + " [" + new String(b, StandardCharsets.UTF_8)
                    + "] " + ex.getRequestHeaders().getFirst("Content-Type"));
            TestHttpServer.send(ex, 200, "text/plain", "");
        };
        TestHttpServer pds = server()
                .route("/xrpc/com.atproto.server.createSession",
                        ex -> TestHttpServer.json(ex, 200, sessionJson("com.atproto.access", "a")))
                .route("/xrpc/com.atproto.identity.requestPlcOperationSignature", record)
                .route("/xrpc/com.atproto.server.activateAccount", record)
                .route("/xrpc/com.atproto.server.deactivateAccount", record);
        PdsSession s = new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD));

        s.requestPlcOperationSignature();
        s.activateAccount();
        s.deactivateAccount();

        assertThat(seen).containsExactly(
                "/xrpc/com.atproto.identity.requestPlcOperationSignature POST [] null",
                "/xrpc/com.atproto.server.activateAccount POST [] null",
                "/xrpc/com.atproto.server.deactivateAccount POST [{}] application/json");
    }

    @Test
    void signPlcOperationKeepsTheUsersKeyFirstAndAWrongEmailTokenIsNamed() throws IOException {
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        TestHttpServer pds = server()
                .route("/xrpc/com.atproto.server.createSession",
                        ex -> TestHttpServer.json(ex, 200, sessionJson("com.atproto.access", "a")))
                .route("/xrpc/com.atproto.identity.getRecommendedDidCredentials", ex -> TestHttpServer.json(ex, 200,
                        "{\"rotationKeys\":[\"did:key:zPds2\"],\"alsoKnownAs\":[\"at://alice.test2\"],"
                                + "\"verificationMethods\":{\"atproto\":\"did:key:zSign\"},\"services\":{\"atproto_pds\":"
                                + "{\"type\":\"AtprotoPersonalDataServer\",\"endpoint\":\"http://127.0.0.1:1\"}}}"))
                .route("/xrpc/com.atproto.identity.signPlcOperation", ex -> {
                    JsonNode b = JSON.readTree(body(ex));
                    bodies.add(b);
                    if (b.get("token").asText().equals("ABCDE-FGHIJ")) {
                        TestHttpServer.json(ex, 200, "{\"operation\":{\"type\":\"plc_operation\",\"sig\":\"x\"}}");
                    } else {
                        TestHttpServer.json(ex, 400, "{\"error\":\"InvalidToken\",\"message\":\"Token is invalid\"}");
                    }
                });
        PdsSession s = new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD));
        DidCredentials rec = s.getRecommendedDidCredentials();
        DidCredentials mine = rec.withRotationKeyFirst("did:key:zMine");

        assertThat(rec.rotationKeys()).containsExactly("did:key:zPds2");
        assertThat(mine.rotationKeys()).containsExactly("did:key:zMine", "did:key:zPds2");
        assertThat(mine.atprotoKey()).contains("did:key:zSign");
        assertThat(mine.pdsEndpoint()).contains("http://127.0.0.1:1");
        assertThat(s.signPlcOperation(Secret.of("ABCDE-FGHIJ"), mine).get("type").asText()).isEqualTo("plc_operation");
        assertThat(bodies.get(0).get("rotationKeys").get(0).asText()).isEqualTo("did:key:zMine");
        assertThatThrownBy(() -> s.signPlcOperation(Secret.of("WRONG-TOKEN"), mine))
                .isInstanceOfSatisfying(PdsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PdsException.Kind.EMAIL_TOKEN);
                    assertThat(e.getMessage()).doesNotContain("WRONG-TOKEN");
                });
        assertThat(pds.count("/xrpc/com.atproto.identity.signPlcOperation")).isEqualTo(2);
    }

    @Test
    void preferencesRoundTripAsTheirJson() throws IOException {
        List<JsonNode> put = new CopyOnWriteArrayList<>();
        String prefs = "[{\"$type\":\"app.bsky.actor.defs#adultContentPref\",\"enabled\":false},"
                + "{\"$type\":\"app.bsky.actor.defs#savedFeedsPrefV2\",\"items\":[]}]";
        TestHttpServer pds = server()
                .route("/xrpc/com.atproto.server.createSession",
                        ex -> TestHttpServer.json(ex, 200, sessionJson("com.atproto.access", "a")))
                .route("/xrpc/app.bsky.actor.getPreferences",
                        ex -> TestHttpServer.json(ex, 200, "{\"preferences\":" + prefs + "}"))
                .route("/xrpc/app.bsky.actor.putPreferences", ex -> {
                    put.add(JSON.readTree(body(ex)));
                    TestHttpServer.send(ex, 200, "text/plain", "");
                });
        PdsSession s = new PdsClient(http, pds.uri()).login("alice.test", Secret.of(PASSWORD));

        ArrayNode p = s.getPreferences();
        s.putPreferences(p);

        assertThat(p).isEqualTo(JSON.readTree(prefs));
        assertThat(put.get(0).get("preferences")).isEqualTo(JSON.readTree(prefs));
    }

    @Test
    void aPdsThatIsDownIsAConnectionFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI down = URI.create("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> new PdsClient(http, down).login("alice.test", Secret.of(PASSWORD)))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("127.0.0.1:" + port).hasMessageNotContaining(PASSWORD);
    }

    @Test
    void describeServerGivesTheServiceDidAndHandleDomains() throws IOException {
        TestHttpServer pds = server().route("/xrpc/com.atproto.server.describeServer", ex -> TestHttpServer.json(ex,
                200, "{\"did\":\"did:web:pds2.localhost\",\"availableUserDomains\":[\".test2\"],"
                        + "\"inviteCodeRequired\":false}"));

        ServerDescription d = new PdsClient(http, pds.uri()).describeServer();

        assertThat(d.did()).isEqualTo(Did.parse("did:web:pds2.localhost"));
        assertThat(d.servesHandle("bob.test2")).isTrue();
        assertThat(d.servesHandle("bob.test")).isFalse();
        assertThat(d.servesHandle(".test2")).isFalse();
        assertThat(d.inviteCodeRequired()).isFalse();
    }
}
