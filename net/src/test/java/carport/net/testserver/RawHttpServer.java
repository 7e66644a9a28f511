package carport.net.testserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket server that answers each connection with whatever its script writes, for misbehaviour
 * the JDK server will not produce: a Content-Length that lies, a body cut off mid-way, a stall.
 * Listens on 127.0.0.1 with a free port; one request per connection.
 */
public final class RawHttpServer implements AutoCloseable {
    /** Writes the whole answer for the {@code n}-th connection (0-based); the socket is closed after. */
    @FunctionalInterface
    public interface Script {
        void answer(int n, String requestHead, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    public RawHttpServer(Script script) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    int n = connections.getAndIncrement();
                    Thread t = new Thread(() -> serve(s, n, script), "raw-http-conn-" + n);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void serve(Socket s, int n, Script script) {
        try (s) {
            String head = readHead(s.getInputStream());
            OutputStream out = s.getOutputStream();
            script.answer(n, head, out);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the client hung up, as some tests make it do
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        for (int b; state < 4 && (b = in.read()) >= 0; ) {
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    public int connections() {
        return connections.get();
    }

    /** Status line and headers for a response, e.g. {@code head(200, "Content-Length: 10")}. */
    public static byte[] head(int status, String... headers) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
