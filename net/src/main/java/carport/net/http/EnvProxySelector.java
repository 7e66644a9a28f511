package carport.net.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy conventions of curl and Go: {@code HTTPS_PROXY} for https URLs, {@code HTTP_PROXY}
 * for http URLs (either case), hosts in {@code NO_PROXY} (names, domain suffixes, {@code *})
 * reached directly. Loopback hosts are always direct, so a local test server is never sent to a
 * corporate proxy. Only plain HTTP proxies are supported (HTTPS is tunnelled with CONNECT); the
 * JDK client does not speak SOCKS.
 *
 * <p>Credentials may be given in the URL, {@code http://USER:PASSWORD@HOST:PORT}, percent-encoded
 * as in any URL ({@code %40} for {@code @}); each variable keeps its own. They are answered
 * through {@link #authenticator()} (HTTP Basic, the only scheme the JDK client speaks) and
 * appear nowhere else: messages show the password as {@code ***}.
 */
public final class EnvProxySelector extends ProxySelector {
    private static final List<Proxy> DIRECT = List.of(Proxy.NO_PROXY);

    /** One proxy variable: where it points and what it logs in with (user null: no login). */
    private static final class Entry {
        final String variable;
        final Proxy proxy;
        final String host;
        final int port;
        final String user;
        final String password;

        Entry(String variable, String host, int port, String user, String password) {
            this.variable = variable;
            this.host = host;
            this.port = port;
            this.user = user;
            this.password = password;
            this.proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
        }

        String hostPort() {
            return host + ":" + port;
        }

        @Override
        public String toString() {
            return variable + "=http://" + (user == null ? "" : user + ":***@") + hostPort();
        }
    }

    private final Entry https;
    private final Entry http;
    private final List<String> noProxy;
    /** How often the JDK asked for proxy credentials; see {@link #wasAskedForCredentials()}. */
    private final AtomicInteger asked = new AtomicInteger();

    private EnvProxySelector(Entry https, Entry http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /** The selector the environment asks for, or empty when no proxy variable is set. */
    public static Optional<ProxySelector> fromEnvironment(Map<String, String> env) {
        Entry https = parse(env, "HTTPS_PROXY");
        Entry http = parse(env, "HTTP_PROXY");
        if (https == null && http == null) {
            return Optional.empty();
        }
        List<String> no = new ArrayList<>();
        String list = get(env, "NO_PROXY");
        if (list != null) {
            for (String entry : list.split(",")) {
                String e = entry.trim().toLowerCase(Locale.ROOT);
                int colon = e.lastIndexOf(':');
                if (colon > 0 && e.indexOf(':') == colon) {
                    e = e.substring(0, colon); // "host:port": the port does not matter here
                }
                while (e.startsWith(".") || e.startsWith("*.")) {
                    e = e.substring(e.charAt(0) == '*' ? 2 : 1);
                }
                if (!e.isEmpty()) {
                    no.add(e);
                }
            }
        }
        return Optional.of(new EnvProxySelector(https, http, List.copyOf(no)));
    }

    /** The selector for this process: the environment's, else the JDK's (system properties). */
    public static Optional<ProxySelector> forThisProcess() {
        Optional<ProxySelector> env = fromEnvironment(System.getenv());
        return env.isPresent() ? env : Optional.ofNullable(ProxySelector.getDefault());
    }

    /** True if any proxy variable carries a user name (and so a password, possibly empty). */
    public boolean hasCredentials() {
        return https != null && https.user != null || http != null && http.user != null;
    }

    /**
     * Answers the JDK's requests for proxy credentials with the ones from the variable of the
     * proxy that asks (matched by host and port); server requests and other proxies get none.
     * Empty if no variable has credentials.
     */
    public Optional<Authenticator> authenticator() {
        if (!hasCredentials()) {
            return Optional.empty();
        }
        return Optional.of(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                for (Entry e : new Entry[] {https, http}) {
                    if (e != null && e.user != null && e.port == getRequestingPort()
                            && e.host.equalsIgnoreCase(getRequestingHost())) {
                        asked.incrementAndGet();
                        return new PasswordAuthentication(e.user, e.password.toCharArray());
                    }
                }
                return null;
            }
        });
    }

    /**
     * Whether the JDK ever asked {@link #authenticator()} for credentials. A 407 with credentials
     * configured but never asked for means the JDK would not send them (Basic disabled).
     */
    boolean wasAskedForCredentials() {
        return asked.get() > 0;
    }

    /**
     * The one-line explanation of a 407 for {@code uri}, or null if {@code uri} does not go
     * through one of these proxies. Never contains a password.
     *
     * @param offered the schemes the proxy offers if Basic is not among them, else null
     * @param notSent why the JDK did not send the credentials it has, else null
     */
    String proxyAuthProblem(URI uri, String offered, String notSent) {
        Entry e = entryFor(uri);
        if (e == null) {
            return null;
        }
        String form = "http://USER:PASSWORD@" + e.hostPort();
        String escapes = " (percent-encode special characters, e.g. %40 for @)";
        if (offered != null) {
            return "proxy " + e.hostPort() + " asks for " + offered + " authentication (HTTP 407), which carport"
                    + " cannot do; it supports Basic only, given in " + e.variable + " as " + form;
        }
        if (e.user == null) {
            return "proxy " + e.hostPort() + " asks for credentials (HTTP 407): put them in " + e.variable
                    + " as " + form + escapes;
        }
        if (notSent != null) {
            return "proxy " + e.hostPort() + " asks for credentials (HTTP 407), but the JDK did not send the ones"
                    + " in " + e.variable + ": " + notSent;
        }
        return "proxy " + e.hostPort() + " refused the credentials of user '" + e.user + "' from "
                + e.variable + " (HTTP 407): check USER and PASSWORD in " + form + escapes;
    }

    /** True if {@code uri} goes through a proxy whose variable has credentials. */
    boolean hasCredentialsFor(URI uri) {
        Entry e = entryFor(uri);
        return e != null && e.user != null;
    }

    private Entry entryFor(URI uri) {
        for (Proxy p : select(uri)) {
            for (Entry e : new Entry[] {https, http}) {
                if (e != null && e.proxy == p) {
                    return e;
                }
            }
        }
        return null;
    }

    private static String get(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = env.get(name.toLowerCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Entry parse(Map<String, String> env, String name) {
        String v = get(env, name);
        if (v == null) {
            return null;
        }
        int schemeEnd = v.indexOf("://");
        String scheme = schemeEnd < 0 ? "http" : v.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = schemeEnd < 0 ? v : v.substring(schemeEnd + 3);
        // The last '@' ends the user-info, as curl reads it: an unencoded '@' in a password
        // then still works, and nothing after it can be a host anyway.
        int at = rest.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String info = rest.substring(0, at);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon), name, v);
            password = colon < 0 ? "" : decode(info.substring(colon + 1), name, v);
            rest = rest.substring(at + 1);
        }
        URI u;
        try {
            u = new URI(scheme + "://" + rest);
        } catch (URISyntaxException e) {
            throw new ConnectionException(name + "=" + mask(v) + " is not a proxy URL; use http://HOST:PORT");
        }
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new ConnectionException(name + "=" + mask(v)
                    + " is not supported; carport uses HTTP proxies only (http://HOST:PORT)");
        }
        int port = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        return new Entry(name, u.getHost(), port, user, password);
    }

    /** Percent-decodes one user-info part as UTF-8 ('+' stays '+': this is not a form). */
    private static String decode(String s, String name, String whole) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new ConnectionException(name + "=" + mask(whole) + " has a broken percent-escape in its"
                            + " user name or password; write a '%' itself as %25");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * {@code v} with the password (between the first ':' of the user-info and the last '@')
     * replaced by {@code ***}, for messages. Works on text that is not a valid URL too.
     */
    static String mask(String v) {
        int schemeEnd = v.indexOf("://");
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int at = v.lastIndexOf('@');
        if (at < start) {
            return v;
        }
        int colon = v.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return v;
        }
        return v.substring(0, colon + 1) + "***" + v.substring(at);
    }

    @Override
    public String toString() {
        return "EnvProxySelector[" + (https == null ? "" : https + " ") + (http == null ? "" : http + " ")
                + "NO_PROXY=" + String.join(",", noProxy) + "]";
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost();
        if (host == null || Hosts.isLoopback(host) || bypassed(host.toLowerCase(Locale.ROOT))) {
            return DIRECT;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Entry e = switch (scheme) {
            case "https", "wss" -> https;
            case "http", "ws" -> http;
            default -> null;
        };
        return e == null ? DIRECT : List.of(e.proxy);
    }

    private boolean bypassed(String host) {
        for (String e : noProxy) {
            if (e.equals("*") || host.equals(e) || host.endsWith("." + e)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // nothing to learn: there is one proxy per scheme
    }
}
