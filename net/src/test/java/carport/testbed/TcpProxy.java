package carport.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a server, for outage tests: {@link #down()} closes the
 * listening socket and every open connection (new ones are refused, as with a server that is
 * gone), {@link #up()} listens again on the same port. Byte-for-byte, so HTTP passes unchanged.
 */
public final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private final java.util.concurrent.atomic.AtomicLong upstreamBytes = new java.util.concurrent.atomic.AtomicLong();
  private volatile long downAfter = Long.MAX_VALUE;

  private TcpProxy(InetSocketAddress target) {
    this.target = target;
    listen(0);
    this.port = server.getLocalPort();
    startAccepting(server);
  }

  /** A proxy on a free loopback port for {@code http://127.0.0.1:PORT} (the target's host and port). */
  public static TcpProxy to(URI target) {
    return new TcpProxy(new InetSocketAddress(target.getHost(), target.getPort()));
  }

  /** {@code http://127.0.0.1:PORT} of the proxy. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** Closes the listening socket and all open connections: the server seems gone. */
  public synchronized void down() {
    ServerSocket s = server;
    server = null;
    if (s != null) {
      closeQuietly(s);
    }
    for (Socket c : open) {
      closeQuietly(c);
    }
    open.clear();
  }

  /** Listens again on the same port. */
  public synchronized void up() {
    if (server == null) {
      listen(port);
      startAccepting(server);
    }
  }

  /**
   * Goes {@link #down()} by itself once more than {@code bytes} more bytes have gone from clients
   * to the server: an outage in the middle of an upload.
   */
  public void downAfterUpstreamBytes(long bytes) {
    downAfter = upstreamBytes.get() + bytes;
  }

  /** Bytes sent from clients to the server so far. */
  public long upstreamBytes() {
    return upstreamBytes.get();
  }

  public boolean isUp() {
    return server != null;
  }

  @Override
  public void close() {
    down();
  }

  private void listen(int onPort) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
      server = s;
    } catch (IOException e) {
      throw new UncheckedIOException("proxy cannot listen on 127.0.0.1:" + onPort, e);
    }
  }

  private void startAccepting(ServerSocket s) {
    Thread t = new Thread(() -> {
      while (!s.isClosed()) {
        try {
          Socket client = s.accept();
          Socket upstream = new Socket();
          try {
            upstream.connect(target, 5000);
          } catch (IOException e) {
            closeQuietly(client);
            continue;
          }
          // down() may have run while this connection was being set up: then it is one of the
          // connections down() closes, not a live one that slipped past it.
          synchronized (this) {
            if (server != s) {
              closeQuietly(client);
              closeQuietly(upstream);
              return;
            }
            open.add(client);
            open.add(upstream);
          }
          pump(client, upstream, true);
          pump(upstream, client, false);
        } catch (IOException e) {
          return; // closed by down()
        }
      }
    }, "tcp-proxy-accept-" + port);
    t.setDaemon(true);
    t.start();
  }

  private void pump(Socket from, Socket to, boolean toServer) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          if (toServer && upstreamBytes.addAndGet(n) > downAfter) {
            downAfter = Long.MAX_VALUE;
            down();
            return;
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // either side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
