package carport.net.identity;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * TXT lookups with dnsjava, straight to a resolver (the system's, or one given as HOST[:PORT]),
 * without search domains or caching. Tells "the name has no TXT record" (a normal answer) apart
 * from "the lookup failed" (SERVFAIL, timeout), because handle resolution treats them differently.
 */
final class DnsTxt {
    /** The outcome of one lookup. */
    sealed interface Result permits Found, Absent, Failed {
    }

    /** TXT record values (each record's character-strings joined), possibly empty. */
    record Found(List<String> values) implements Result {
    }

    /** The name does not exist or has no TXT records. */
    record Absent(String why) implements Result {
    }

    record Failed(String why) implements Result {
    }

    private final Resolver resolver;
    private final String description;
    private final Duration timeout;

    DnsTxt(String server, Duration timeout) {
        this.timeout = timeout;
        if (server == null) {
            ExtendedResolver r = new ExtendedResolver();
            r.setTimeout(timeout);
            this.resolver = r;
            this.description = "the system DNS resolver";
        } else {
            InetSocketAddress addr = parseServer(server);
            SimpleResolver r = new SimpleResolver(addr);
            r.setTimeout(timeout);
            this.resolver = r;
            this.description = "DNS server " + server;
        }
    }

    String description() {
        return description;
    }

    /**
     * Parses {@code HOST}, {@code HOST:PORT}, {@code [V6]}, {@code [V6]:PORT} or a bare IPv6
     * address; port 53 when not given.
     */
    static InetSocketAddress parseServer(String s) {
        String host = s.trim();
        int port = 53;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("DNS server '" + s + "': missing ']'");
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("DNS server '" + s + "' is not HOST[:PORT]");
                }
                port = port(rest.substring(1), s);
            }
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            port = port(host.substring(host.indexOf(':') + 1), s);
            host = host.substring(0, host.indexOf(':'));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("DNS server '" + s + "' has no host");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("DNS server '" + s + "': cannot resolve " + host);
        }
    }

    private static int port(String p, String s) {
        try {
            int n = Integer.parseInt(p);
            if (n > 0 && n < 65536) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("DNS server '" + s + "': bad port '" + p + "'");
    }

    /** Looks up the TXT records of {@code name} (absolute; a trailing dot is added if missing). */
    CompletableFuture<Result> lookup(String name) {
        Name qname;
        try {
            qname = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(new Failed("'" + name + "' is not a DNS name"));
        }
        Message query = Message.newQuery(Record.newRecord(qname, Type.TXT, DClass.IN));
        CompletableFuture<Message> sent;
        try {
            sent = resolver.sendAsync(query).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Failed(describe(e)));
        }
        // dnsjava has its own timeout; this one also bounds retries across several servers.
        return sent.orTimeout(timeout.toMillis() * 3 + 500, java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((response, error) -> error != null ? new Failed(describe(error)) : read(qname, response));
    }

    private Result read(Name qname, Message response) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new Absent("no such name");
        }
        if (rcode != Rcode.NOERROR) {
            return new Failed(description + " answered " + Rcode.string(rcode));
        }
        // Follow a CNAME chain inside the answer: _atproto.example.com may be an alias.
        Set<Name> names = new HashSet<>();
        names.add(qname);
        boolean grew = true;
        List<Record> answer = response.getSection(Section.ANSWER);
        while (grew) {
            grew = false;
            for (Record r : answer) {
                if (r instanceof CNAMERecord c && names.contains(c.getName()) && names.add(c.getTarget())) {
                    grew = true;
                }
            }
        }
        List<String> values = new ArrayList<>();
        for (Record r : answer) {
            if (r instanceof TXTRecord txt && names.contains(txt.getName())) {
                StringBuilder sb = new StringBuilder();
                for (byte[] part : txt.getStringsAsByteArrays()) {
                    sb.append(new String(part, StandardCharsets.UTF_8));
                }
                values.add(sb.toString());
            }
        }
        return values.isEmpty() ? new Absent("no TXT record") : new Found(List.copyOf(values));
    }

    private String describe(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException
                || t.getClass().getSimpleName().contains("Timeout")) {
            return description + " did not answer within " + timeout.toMillis() / 1000.0 + " s";
        }
        String msg = t.getMessage();
        if (t instanceof IOException && msg != null && msg.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
            return description + " did not answer within " + timeout.toMillis() / 1000.0 + " s";
        }
        return description + " failed: " + (msg == null ? t.getClass().getSimpleName() : msg);
    }
}
