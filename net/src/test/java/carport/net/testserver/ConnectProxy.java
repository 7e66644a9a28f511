package carport.net.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP CONNECT proxy on 127.0.0.1 that sends tunnels for chosen host names to local ports.
 * This is how the identity tests reach "https://alice.handles.test/..." without touching the
 * machine's DNS or hosts file: the resolver is configured with this proxy (as HTTPS_PROXY would),
 * the TLS session runs end to end inside the tunnel, and certificate checks see the real host name.
 * Unknown hosts get 502, like a proxy that cannot resolve them. With {@link #requireBasic} it
 * answers 407 to a CONNECT without the right {@code Proxy-Authorization: Basic}, as a corporate
 * proxy does.
 */
public final class ConnectProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final Map<String, Integer> routes = new ConcurrentHashMap<>();
    private final List<String> tunnels = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile String expectedAuthorization;

    public ConnectProxy() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "test-connect-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** Tunnels to {@code host:443} go to {@code 127.0.0.1:port}. */
    public ConnectProxy route(String host, int port) {
        routes.put(host.toLowerCase(java.util.Locale.ROOT), port);
        return this;
    }

    /** {@code http://127.0.0.1:PORT}, the form HTTPS_PROXY takes. */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /**
     * From now on a CONNECT needs {@code Proxy-Authorization: Basic base64(user:password)}
     * (UTF-8), else it gets 407 with {@code Proxy-Authenticate: Basic realm="..."}.
     */
    public ConnectProxy requireBasic(String user, String password) {
        expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** How many CONNECTs got 407. */
    public int refused() {
        return refused.get();
    }

    /** "host:port" of every CONNECT received, refused ones included. */
    public List<String> tunnels() {
        return List.copyOf(tunnels);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread t = new Thread(() -> handle(client), "test-connect-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String[] first = head.split("\r\n", 2)[0].split(" ");
            OutputStream out = client.getOutputStream();
            if (first.length < 2 || !first[0].equals("CONNECT")) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            tunnels.add(first[1]);
            String expected = expectedAuthorization;
            if (expected != null && !expected.equals(header(head, "Proxy-Authorization"))) {
                refused.incrementAndGet();
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"carport test proxy\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            String host = first[1].substring(0, first[1].lastIndexOf(':')).toLowerCase(java.util.Locale.ROOT);
            Integer port = routes.get(host);
            if (port == null) {
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread up = new Thread(() -> pipe(in, upstream), "test-connect-proxy-pipe");
                up.setDaemon(true);
                up.start();
                pipe(upstream.getInputStream(), client);
            }
        } catch (IOException e) {
            // either side hung up
        }
    }

    private static void pipe(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int state = 0;
        for (int b; state < 4 && (b = in.read()) >= 0; ) {
            sb.append((char) b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
