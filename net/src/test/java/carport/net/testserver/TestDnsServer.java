package carport.net.testserver;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1 (free port), speaking the real wire
 * format (dnsjava builds the answers). Names it has records for answer NOERROR with their TXT
 * records; names set to {@link #servfail} answer SERVFAIL; names set to {@link #silent} get no
 * answer at all (a timeout); everything else is NXDOMAIN.
 */
public final class TestDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<Name, List<List<String>>> txt = new ConcurrentHashMap<>();
    private final Map<Name, Integer> rcodes = new ConcurrentHashMap<>();
    private final Map<Name, Boolean> silent = new ConcurrentHashMap<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public TestDnsServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code 127.0.0.1:PORT}, the form {@code --dns-server} takes. */
    public String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Adds one TXT record (made of the given character-strings) at {@code name}. */
    public TestDnsServer txt(String name, String... strings) {
        txt.computeIfAbsent(name(name), n -> new CopyOnWriteArrayList<>()).add(List.of(strings));
        return this;
    }

    public TestDnsServer servfail(String name) {
        rcodes.put(name(name), Rcode.SERVFAIL);
        return this;
    }

    public TestDnsServer silent(String name) {
        silent.put(name(name), true);
        return this;
    }

    /** Names asked for so far, without the trailing dot. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Record question = q.getQuestion();
                Name qname = question.getName();
                String shown = qname.toString();
                queries.add(shown.endsWith(".") ? shown.substring(0, shown.length() - 1) : shown);
                if (silent.containsKey(qname)) {
                    continue;
                }
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.getHeader().setFlag(Flags.AA);
                if (q.getHeader().getFlag(Flags.RD)) {
                    r.getHeader().setFlag(Flags.RD);
                }
                r.addRecord(question, Section.QUESTION);
                Integer rcode = rcodes.get(qname);
                List<List<String>> records = txt.get(qname);
                if (rcode != null) {
                    r.getHeader().setRcode(rcode);
                } else if (records == null) {
                    r.getHeader().setRcode(Rcode.NXDOMAIN);
                } else if (question.getType() == Type.TXT) {
                    for (List<String> strings : records) {
                        r.addRecord(new TXTRecord(qname, DClass.IN, 60, new ArrayList<>(strings)), Section.ANSWER);
                    }
                }
                byte[] out = r.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
