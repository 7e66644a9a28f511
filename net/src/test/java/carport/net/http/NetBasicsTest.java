package carport.net.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The small rules: loopback hosts, proxy variables, Retry-After forms. */
class NetBasicsTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void loopbackNamesAreRecognisedWithoutALookup(String host) {
        assertThat(Hosts.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1.example.com", "localhost.example.com", "10.0.0.1", "128.0.0.1", "127.0.0",
        "127.0.0.256", "::2", "example.com"})
    void otherHostsAreNotLoopback(String host) {
        assertThat(Hosts.isLoopback(host)).isFalse();
    }

    @Test
    void httpsProxyIsUsedForHttpsOnlyAndNeverForLoopbackOrNoProxyHosts() {
        ProxySelector p = EnvProxySelector.fromEnvironment(Map.of(
                "https_proxy", "http://proxy.corp:3128",
                "NO_PROXY", "internal.corp, .skip.example,10.1.2.3:8080")).orElseThrow();

        assertThat(address(p, "https://plc.directory/did:plc:x")).isEqualTo("proxy.corp:3128");
        assertThat(p.select(URI.create("http://plc.directory/x"))).containsExactly(Proxy.NO_PROXY);
        assertThat(p.select(URI.create("https://127.0.0.1:2583/xrpc"))).containsExactly(Proxy.NO_PROXY);
        assertThat(p.select(URI.create("https://localhost/x"))).containsExactly(Proxy.NO_PROXY);
        assertThat(p.select(URI.create("https://internal.corp/x"))).containsExactly(Proxy.NO_PROXY);
        assertThat(p.select(URI.create("https://a.b.skip.example/x"))).containsExactly(Proxy.NO_PROXY);
        assertThat(p.select(URI.create("https://skip.example/x"))).containsExactly(Proxy.NO_PROXY);
        assertThat(p.select(URI.create("https://10.1.2.3/x"))).containsExactly(Proxy.NO_PROXY);
        assertThat(address(p, "https://notskip.example/x")).isEqualTo("proxy.corp:3128");
    }

    @Test
    void proxyVariablesWithoutSchemeOrPortGetDefaults() {
        ProxySelector p = EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", "proxy.corp",
                "HTTP_PROXY", "http://plain.corp:8080")).orElseThrow();

        assertThat(address(p, "https://x.example/")).isEqualTo("proxy.corp:80");
        assertThat(address(p, "http://x.example/")).isEqualTo("plain.corp:8080");
        assertThat(EnvProxySelector.fromEnvironment(Map.of())).isEmpty();
        assertThat(EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", " "))).isEmpty();
    }

    @Test
    void aSocksProxyIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://127.0.0.1:1080")))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("HTTP proxies only");
    }

    @Test
    void proxyUserInfoIsPercentDecodedAndEachVariableKeepsItsOwn() {
        EnvProxySelector p = (EnvProxySelector) EnvProxySelector.fromEnvironment(Map.of(
                "HTTPS_PROXY", "http://alice:p%40ss%3Aw%C3%B6rd+1@proxy.corp:3128",
                "HTTP_PROXY", "http://b%6Fb@plain.corp:8080")).orElseThrow();
        Authenticator auth = p.authenticator().orElseThrow();

        assertThat(address(p, "https://x.example/")).isEqualTo("proxy.corp:3128");
        assertThat(address(p, "http://x.example/")).isEqualTo("plain.corp:8080");
        assertThat(login(auth, "proxy.corp", 3128, Authenticator.RequestorType.PROXY)).isEqualTo("alice/p@ss:wörd+1");
        assertThat(login(auth, "PROXY.corp", 3128, Authenticator.RequestorType.PROXY)).isEqualTo("alice/p@ss:wörd+1");
        assertThat(login(auth, "plain.corp", 8080, Authenticator.RequestorType.PROXY)).isEqualTo("bob/");
        assertThat(login(auth, "proxy.corp", 8080, Authenticator.RequestorType.PROXY)).isNull();
        assertThat(login(auth, "other.corp", 3128, Authenticator.RequestorType.PROXY)).isNull();
        // a server asking for a login never gets the proxy's password
        assertThat(login(auth, "proxy.corp", 3128, Authenticator.RequestorType.SERVER)).isNull();
    }

    @Test
    void anUnencodedAtInThePasswordEndsAtTheLastAt() {
        EnvProxySelector p = (EnvProxySelector) EnvProxySelector.fromEnvironment(
                Map.of("HTTPS_PROXY", "u:p@ss@proxy.corp:3128")).orElseThrow();

        assertThat(address(p, "https://x.example/")).isEqualTo("proxy.corp:3128");
        assertThat(login(p.authenticator().orElseThrow(), "proxy.corp", 3128, Authenticator.RequestorType.PROXY))
                .isEqualTo("u/p@ss");
    }

    @Test
    void aProxyWithoutUserInfoHasNoAuthenticator() {
        EnvProxySelector p = (EnvProxySelector) EnvProxySelector.fromEnvironment(
                Map.of("HTTPS_PROXY", "http://proxy.corp:3128")).orElseThrow();

        assertThat(p.hasCredentials()).isFalse();
        assertThat(p.authenticator()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://user:secret@proxy.corp:3128 | http://user:***@proxy.corp:3128",
        "user:secret@proxy.corp:3128 | user:***@proxy.corp:3128",
        "http://user:se@cr:et@proxy.corp | http://user:***@proxy.corp",
        "http://user:@proxy.corp | http://user:***@proxy.corp",
        "http://user@proxy.corp:3128 | http://user@proxy.corp:3128",
        "http://proxy.corp:3128 | http://proxy.corp:3128",
        "socks5://u:secret@h:1080 | socks5://u:***@h:1080"})
    void passwordsAreMaskedForMessages(String in, String out) {
        assertThat(EnvProxySelector.mask(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socks5://u:secret@127.0.0.1:1080", "http://u:se%zzcret@proxy.corp",
        "http://u:secret@pro xy.corp:3128", "http://u:secret@proxy.corp:port"})
    void badProxyVariablesAreRefusedWithoutShowingThePassword(String v) {
        assertThatThrownBy(() -> EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", v)))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("HTTPS_PROXY=" + v.substring(0, v.indexOf(':', v.indexOf("//") + 2) + 1) + "***@")
                .message().doesNotContain("secret").doesNotContain("se%zz");
    }

    @Test
    void theSelectorsDescriptionShowsNoPassword() {
        ProxySelector p = EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", "http://u:secret@proxy.corp:3128",
                "NO_PROXY", "internal.corp")).orElseThrow();

        assertThat(p.toString()).contains("HTTPS_PROXY=http://u:***@proxy.corp:3128").doesNotContain("secret");
    }

    private static String login(Authenticator auth, String host, int port, Authenticator.RequestorType type) {
        PasswordAuthentication pw = auth.requestPasswordAuthenticationInstance(host, null, port, "http",
                "test", "Basic", null, type);
        return pw == null ? null : pw.getUserName() + "/" + new String(pw.getPassword());
    }

    private static String address(ProxySelector p, String uri) {
        List<Proxy> list = p.select(URI.create(uri));
        assertThat(list).hasSize(1);
        InetSocketAddress a = (InetSocketAddress) list.get(0).address();
        return a.getHostString() + ":" + a.getPort();
    }

    @ParameterizedTest
    @CsvSource({
        "Retry-After, 7, 7000",
        "Retry-After, 0, 0",
        "Retry-After, 'Sat, 01 Mar 2025 12:00:30 GMT', 30000",
        "Retry-After, 'Sat, 01 Mar 2025 11:59:00 GMT', 0",
        "RateLimit-Reset, 1740830445, 45000",
        "RateLimit-Reset, 12, 12000",
        "RateLimit-Reset, 1000000000, 0"})
    void serversSayHowLongToWaitInSeveralForms(String header, String value, long millis) {
        HttpHeaders h = HttpHeaders.of(Map.of(header, List.of(value)), (a, b) -> true);

        assertThat(RetryAfter.parse(h, NOW)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5", "1.5", ""})
    void unreadableWaitsAreIgnored(String value) {
        HttpHeaders h = HttpHeaders.of(Map.of("Retry-After", List.of(value)), (a, b) -> true);

        assertThat(RetryAfter.parse(h, NOW)).isEmpty();
    }

    @Test
    void serverTextIsShownOnOneShortLine() {
        assertThat(HttpTransport.oneLine("  line one\n\tline\u0000two  ", 100)).isEqualTo("line one line two");
        assertThat(HttpTransport.oneLine("x".repeat(50), 10)).isEqualTo("xxxxxxxxxx...");
    }

    @Test
    void theUserAgentNamesCarport() {
        assertThat(HttpConfig.defaults().userAgent()).matches("carport/\\S+");
    }

    @org.junit.jupiter.api.Test
    void sizeLimitsParseAsUsersWriteThemAndPrintInBinaryUnits() {
        org.assertj.core.api.Assertions.assertThat(SizeLimit.parseBytes("100M")).isEqualTo(100L << 20);
        org.assertj.core.api.Assertions.assertThat(SizeLimit.parseBytes("8GiB")).isEqualTo(8L << 30);
        org.assertj.core.api.Assertions.assertThat(SizeLimit.parseBytes("512k")).isEqualTo(512L << 10);
        org.assertj.core.api.Assertions.assertThat(SizeLimit.parseBytes("1500")).isEqualTo(1500);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SizeLimit.parseBytes("lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a size");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SizeLimit.parseBytes("0"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThat(new SizeLimit(8L << 30, "--max-repo-size").describe())
                .isEqualTo("the limit of 8 GiB (--max-repo-size)");
    }
}
