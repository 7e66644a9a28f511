package carport.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy conventions of curl and Go: {@code HTTPS_PROXY} for https URLs, {@code HTTP_PROXY}
 * for http URLs (either case), hosts in {@code NO_PROXY} (names, domain suffixes, {@code *})
 * reached directly. Loopback hosts are always direct, so a local test server is never sent to a
 * corporate proxy. Only plain HTTP proxies are supported (HTTPS is tunnelled with CONNECT); the
 * JDK client does not speak SOCKS.
 */
public final class EnvProxySelector extends ProxySelector {
    private static final List<Proxy> DIRECT = List.of(Proxy.NO_PROXY);

    private final Proxy https;
    private final Proxy http;
    private final List<String> noProxy;

    private EnvProxySelector(Proxy https, Proxy http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /** The selector the environment asks for, or empty when no proxy variable is set. */
    public static Optional<ProxySelector> fromEnvironment(Map<String, String> env) {
        Proxy https = parse(env, "HTTPS_PROXY");
        Proxy http = parse(env, "HTTP_PROXY");
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

    private static String get(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = env.get(name.toLowerCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Proxy parse(Map<String, String> env, String name) {
        String v = get(env, name);
        if (v == null) {
            return null;
        }
        URI u;
        try {
            u = URI.create(v.contains("://") ? v : "http://" + v);
        } catch (IllegalArgumentException e) {
            throw new ConnectionException(name + "=" + v + " is not a proxy URL; use http://HOST:PORT");
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new ConnectionException(name + "=" + v
                    + " is not supported; carport uses HTTP proxies only (http://HOST:PORT)");
        }
        int port = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost();
        if (host == null || Hosts.isLoopback(host) || bypassed(host.toLowerCase(Locale.ROOT))) {
            return DIRECT;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Proxy p = switch (scheme) {
            case "https", "wss" -> https;
            case "http", "ws" -> http;
            default -> null;
        };
        return p == null ? DIRECT : List.of(p);
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
