package carport.net.testserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The JDK's HTTP(S) server on 127.0.0.1 with a free port, real sockets, one handler per path, and
 * a count and log of the requests each path received.
 */
public final class TestHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** What a handler saw, for assertions. */
    public record Request(String path, String query, Map<String, List<String>> headers) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private TestHttpServer(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.start();
    }

    public static TestHttpServer http() throws IOException {
        return new TestHttpServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    public static TestHttpServer https(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new TestHttpServer(s);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http(s)://127.0.0.1:PORT}. */
    public URI uri() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + port());
    }

    /** Serves {@code path} (exact match) with {@code handler}; requests are counted and logged. */
    public TestHttpServer route(String path, HttpHandler handler) {
        return context(path, false, handler);
    }

    /** Serves every path under {@code prefix} with {@code handler}, counted under the prefix. */
    public TestHttpServer routePrefix(String prefix, HttpHandler handler) {
        return context(prefix, true, handler);
    }

    private TestHttpServer context(String path, boolean prefix, HttpHandler handler) {
        server.createContext(path, exchange -> {
            if (!prefix && !exchange.getRequestURI().getPath().equals(path)) {
                send(exchange, 404, "text/plain", "no such path");
                return;
            }
            counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            requests.add(new Request(path, exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders())));
            try {
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
        return this;
    }

    public int count(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    public static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void json(HttpExchange ex, int status, String json) throws IOException {
        send(ex, status, "application/json; charset=utf-8", json);
    }

    /** The value of a query parameter (no decoding beyond %3A, which is all DIDs and cursors need here). */
    public static String param(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String kv : q.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0 && kv.substring(0, i).equals(name)) {
                return java.net.URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
