package carport.net.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.net.RemoteException;
import carport.net.testserver.ConnectProxy;
import carport.net.testserver.TestHttpServer;
import carport.net.testserver.TestPki;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proxy credentials from HTTPS_PROXY against a real CONNECT proxy that wants Basic, with TLS to a
 * test host inside the tunnel.
 *
 * <p>Whether the JDK sends Basic in a CONNECT depends on {@code jdk.http.auth.tunneling.disabledSchemes}
 * as it was when the JDK's HTTP client classes initialised, once per JVM; surefire runs every test
 * class in one JVM, so whatever ran before decides. The tests that need the credentials to go
 * through therefore run {@link #main} in a fresh JVM (the same java, the same class path), as
 * the carport command does; the in-process tests hold whichever way the JDK was initialised.
 */
class ProxyAuthTest {
    static final String USER = "carport";
    /** "p@ss/w:rd" percent-encoded; ':' after the first one needs no escape. */
    static final String ENCODED_PASSWORD = "p%40ss%2Fw:rd";
    static final String PASSWORD = "p@ss/w:rd";
    static final String HOST = "secure.handles.test";

    private static TestPki pki;
    private static TestHttpServer web;

    @BeforeAll
    static void servers() throws Exception {
        pki = TestPki.create(HOST);
        web = TestHttpServer.https(pki.serverContext())
                .route("/hello", ex -> TestHttpServer.send(ex, 200, "text/plain", "hello through the tunnel"));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static HttpTransport transport(String proxyUrl, TestPki pki, List<String> notices) {
        return new HttpTransport(HttpConfig.builder()
                .proxySelector(EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", proxyUrl)).orElseThrow())
                .sslContext(pki.clientContext())
                .connectTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(5))
                .maxAttempts(4)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
                .listener(notices::add)
                .build());
    }

    private static byte[] hello(HttpTransport t) {
        return t.get(URI.create("https://" + HOST + "/hello"), "text/plain", 1000,
                (uri, status, headers, body) -> new RemoteException("unexpected HTTP " + status + " from " + uri));
    }

    private static String withCredentials(ConnectProxy proxy, String user, String encodedPassword) {
        return proxy.url().replace("http://", "http://" + user + ":" + encodedPassword + "@");
    }

    // ------------------------------------------------------------------ in a fresh JVM

    @Test
    void rightCredentialsWithAPercentEncodedPasswordGetThroughAnHttpsTunnel() throws Exception {
        Child run = child(List.of());

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("BODY hello through the tunnel")
                // the JDK sends credentials only after the first 407, then keeps them
                .contains("REFUSED 1", "TUNNELS 2")
                .contains("PROPERTY []")
                .doesNotContain(PASSWORD).doesNotContain(ENCODED_PASSWORD);
    }

    @Test
    void aUserWhoKeepsBasicDisabledForTunnelsIsToldWhyTheCredentialsWereNotSent() throws Exception {
        Child run = child(List.of("-Djdk.http.auth.tunneling.disabledSchemes=Basic"));

        assertThat(run.exit).as(run.output).isEqualTo(3);
        assertThat(run.output)
                .containsPattern("ERROR ProxyAuthenticationException: proxy 127\\.0\\.0\\.1:\\d+ asks for credentials"
                        + " \\(HTTP 407\\), but the JDK did not send the ones in HTTPS_PROXY: Basic is disabled for"
                        + " HTTPS tunnels in this JVM \\(jdk\\.http\\.auth\\.tunneling\\.disabledSchemes=Basic\\);"
                        + " run java with -Djdk\\.http\\.auth\\.tunneling\\.disabledSchemes=\n")
                .contains("REFUSED 1", "TUNNELS 1", "PROPERTY [Basic]")
                .doesNotContain(PASSWORD).doesNotContain(ENCODED_PASSWORD);
    }

    @Test
    void aClientBuiltEarlierInTheJvmMakesSettingThePropertyTooLateAndTheMessageSaysSo() throws Exception {
        Child run = child(List.of(), "client-first");

        assertThat(run.exit).as(run.output).isEqualTo(3);
        assertThat(run.output)
                .contains("but the JDK did not send the ones in HTTPS_PROXY: Basic is disabled for HTTPS tunnels in"
                        + " this JVM (jdk.http.auth.tunneling.disabledSchemes was read before carport could set it);"
                        + " run java with -Djdk.http.auth.tunneling.disabledSchemes=\n")
                .contains("REFUSED 1", "PROPERTY []")
                .doesNotContain(PASSWORD).doesNotContain(ENCODED_PASSWORD);
    }

    @Test
    void settingThePropertyOnTheCommandLineWorksEvenAfterAnEarlierClient() throws Exception {
        Child run = child(List.of("-Djdk.http.auth.tunneling.disabledSchemes="), "client-first");

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("BODY hello through the tunnel", "REFUSED 1");
    }

    @Test
    void wrongCredentialsAreSentOnceSoAProxyThatLocksAccountsDoesNotLockTheUserOut() throws Exception {
        Child run = child(List.of(), "wrong-password");

        assertThat(run.exit).as(run.output).isEqualTo(3);
        // one CONNECT without credentials (the JDK waits for the 407), one with them; the JDK's
        // default would send the rejected ones three more times
        assertThat(run.output).contains("ERROR ProxyAuthenticationException: proxy 127.0.0.1:")
                .contains("refused the credentials of user 'carport'")
                .contains("REFUSED 2", "TUNNELS 2")
                .doesNotContain("wr0ng");
    }

    private record Child(int exit, String output) {
    }

    private static Child child(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ProxyAuthTest.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in 60 s");
        }
        return new Child(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The fresh-JVM side: servers, a proxy wanting Basic, and one GET through it. */
    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("client-first")) {
            // some other code in the JVM used the JDK client before carport's first transport
            java.net.http.HttpClient.newHttpClient();
        }
        TestPki pki = TestPki.create(HOST);
        int exit;
        try (TestHttpServer web = TestHttpServer.https(pki.serverContext())
                        .route("/hello", ex -> TestHttpServer.send(ex, 200, "text/plain", "hello through the tunnel"));
                ConnectProxy proxy = new ConnectProxy().route(HOST, web.port()).requireBasic(USER, PASSWORD)) {
            String password = List.of(args).contains("wrong-password") ? "wr0ng" : ENCODED_PASSWORD;
            HttpTransport t = transport(withCredentials(proxy, USER, password), pki, new ArrayList<>());
            try {
                System.out.println("BODY " + new String(hello(t), StandardCharsets.UTF_8));
                exit = 0;
            } catch (RemoteException e) {
                System.out.println("ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage());
                exit = 3;
            }
            System.out.println("REFUSED " + proxy.refused());
            System.out.println("TUNNELS " + proxy.tunnels().size());
            System.out.println("PROPERTY [" + System.getProperty(HttpTransport.TUNNEL_DISABLED_SCHEMES) + "]");
        }
        System.exit(exit);
    }

    // ------------------------------------------------------------------ in this JVM

    @Test
    void missingCredentialsFailAtOnceWithA407ThatSaysWhereToPutThem() throws Exception {
        try (ConnectProxy proxy = new ConnectProxy().route(HOST, web.port()).requireBasic(USER, PASSWORD)) {
            List<String> notices = new CopyOnWriteArrayList<>();
            HttpTransport t = transport(proxy.url(), pki, notices);
            String where = proxy.url().substring("http://".length());

            assertThatThrownBy(() -> hello(t))
                    .isInstanceOf(ProxyAuthenticationException.class)
                    .hasMessage("proxy " + where + " asks for credentials (HTTP 407): put them in HTTPS_PROXY as"
                            + " http://USER:PASSWORD@" + where + " (percent-encode special characters, e.g. %40 for @)");
            assertThat(proxy.tunnels()).hasSize(1);
            assertThat(proxy.refused()).isEqualTo(1);
            assertThat(notices).isEmpty();
        }
    }

    @Test
    void wrongCredentialsFailWithoutCarportRetryingAndTheMessageNeverShowsThePassword() throws Exception {
        String wrong = "wr0ng%21secret";
        try (ConnectProxy proxy = new ConnectProxy().route(HOST, web.port()).requireBasic(USER, PASSWORD)) {
            List<String> notices = new CopyOnWriteArrayList<>();
            HttpTransport t = transport(withCredentials(proxy, USER, wrong), pki, notices);
            String where = proxy.url().substring("http://".length());

            Throwable thrown = catchRemote(() -> hello(t));

            assertThat(thrown).isInstanceOf(ProxyAuthenticationException.class);
            // Either the JDK sent them and the proxy refused them, or (if an earlier test class
            // built a client first) it never sent them; both say which proxy and variable.
            assertThat(thrown.getMessage()).satisfiesAnyOf(
                    m -> assertThat(m).isEqualTo("proxy " + where + " refused the credentials of user 'carport' from"
                            + " HTTPS_PROXY (HTTP 407): check USER and PASSWORD in http://USER:PASSWORD@" + where
                            + " (percent-encode special characters, e.g. %40 for @)"),
                    m -> assertThat(m).startsWith("proxy " + where + " asks for credentials (HTTP 407), but the JDK"
                            + " did not send the ones in HTTPS_PROXY: Basic is disabled for HTTPS tunnels"));
            assertThat(thrown.getMessage()).doesNotContain("wr0ng").doesNotContain("secret");
            assertThat(String.valueOf(thrown.getCause())).doesNotContain("wr0ng").doesNotContain("secret");
            assertThat(notices).isEmpty();
            // One carport attempt: the JDK's own authentication retries (at most 3 more after the
            // first answer to the challenge) but not carport's 4 attempts.
            assertThat(proxy.tunnels()).hasSizeBetween(1, 5);
            assertThat(proxy.refused()).isEqualTo(proxy.tunnels().size());
        }
    }

    private static Throwable catchRemote(Runnable r) {
        try {
            r.run();
        } catch (RemoteException e) {
            return e;
        }
        throw new AssertionError("expected a RemoteException");
    }
}
