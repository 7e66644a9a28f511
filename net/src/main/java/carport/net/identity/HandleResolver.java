package carport.net.identity;

import carport.core.syntax.Did;
import carport.core.syntax.Handle;
import carport.net.RemoteException;
import carport.net.http.BadResponseException;
import carport.net.http.DnsException;
import carport.net.http.HttpTransport;
import carport.net.http.RemoteTimeoutException;
import carport.net.http.TlsException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Handle to DID per the atproto handle spec: the DNS TXT record {@code _atproto.<handle>} and the
 * HTTPS file {@code https://<handle>/.well-known/atproto-did}, asked at the same time. A DNS answer
 * wins; several DNS records naming different DIDs are an error; no DNS record falls through to HTTPS.
 * This answers only "which DID does this handle point to"; the check that the DID's document claims
 * the handle back is {@link IdentityResolver}'s.
 */
final class HandleResolver {
    private static final int MAX_WELL_KNOWN = 8 * 1024;
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "carport-handle-https");
        t.setDaemon(true);
        return t;
    });

    private final DnsTxt dns;
    private final HttpTransport https;

    HandleResolver(DnsTxt dns, HttpTransport https) {
        this.dns = dns;
        this.https = https;
    }

    /** Throws {@link IdentityException} for handles on TLDs that can never resolve. */
    static void checkResolvable(Handle handle) {
        if (handle.isDisallowedTld()) {
            String h = handle.toString();
            throw new IdentityException("handle " + h + " ends in the reserved TLD "
                    + h.substring(h.lastIndexOf('.')) + ", which atproto does not resolve");
        }
    }

    Did resolve(Handle handle, Duration timeout) {
        checkResolvable(handle);
        long deadline = System.nanoTime() + timeout.toNanos();
        String txtName = "_atproto." + handle;
        CompletableFuture<DnsTxt.Result> dnsAnswer = dns.lookup(txtName);
        CompletableFuture<Did> webAnswer = CompletableFuture.supplyAsync(() -> wellKnown(handle), EXECUTOR);

        DnsTxt.Result d = awaitDns(dnsAnswer, deadline, timeout);
        String dnsSaid;
        boolean dnsFailed = false;
        if (d instanceof DnsTxt.Found found) {
            Set<Did> dids = didsIn(found.values());
            if (dids.size() == 1) {
                webAnswer.cancel(true);
                return dids.iterator().next();
            }
            if (dids.size() > 1) {
                webAnswer.cancel(true);
                throw new IdentityException("handle " + handle + " has " + dids.size()
                        + " _atproto TXT records naming different DIDs ("
                        + dids.stream().map(Did::toString).collect(Collectors.joining(", "))
                        + "); its owner must keep only one");
            }
            dnsSaid = "no valid did= TXT record at " + txtName;
        } else if (d instanceof DnsTxt.Absent) {
            dnsSaid = "no TXT record at " + txtName;
        } else {
            dnsSaid = "DNS lookup of " + txtName + " failed (" + ((DnsTxt.Failed) d).why() + ")";
            dnsFailed = true;
        }

        RemoteException web;
        try {
            long left = Math.max(1, deadline - System.nanoTime());
            return webAnswer.get(left, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            web = e.getCause() instanceof RemoteException r ? r
                    : new RemoteException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            webAnswer.cancel(true);
            web = new RemoteTimeoutException("no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException("interrupted while resolving handle " + handle);
        }
        String message = "cannot resolve handle " + handle + ": " + dnsSaid + ", and " + wellKnownUri(handle)
                + " gave no DID (" + web.getMessage() + ")";
        if (dnsFailed) {
            throw new DnsException(message, web);
        }
        if (web instanceof TlsException) {
            throw new TlsException(message, web);
        }
        if (web instanceof RemoteTimeoutException) {
            throw new RemoteTimeoutException(message, web);
        }
        throw new HandleNotFoundException(message + "; check the handle's spelling", web);
    }

    private static DnsTxt.Result awaitDns(CompletableFuture<DnsTxt.Result> f, long deadline, Duration timeout) {
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new DnsTxt.Failed("no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new DnsTxt.Failed(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException("interrupted while resolving a handle");
        }
    }

    /** The distinct valid DIDs of the {@code did=} records; other records are someone else's. */
    static Set<Did> didsIn(List<String> txtValues) {
        Set<Did> dids = new LinkedHashSet<>();
        for (String v : txtValues) {
            if (v.startsWith("did=")) {
                String s = v.substring(4).trim();
                if (Did.isValid(s)) {
                    dids.add(Did.parse(s));
                }
            }
        }
        return dids;
    }

    static URI wellKnownUri(Handle handle) {
        return URI.create("https://" + handle + "/.well-known/atproto-did");
    }

    private Did wellKnown(Handle handle) {
        URI uri = wellKnownUri(handle);
        byte[] body = https.get(uri, "text/plain", MAX_WELL_KNOWN,
                (u, status, headers, b) -> new HandleNotFoundException("HTTP " + status));
        String s = new String(body, StandardCharsets.UTF_8).trim();
        if (!Did.isValid(s)) {
            throw new BadResponseException("the file does not hold a DID: \""
                    + HttpTransport.oneLine(s, 60) + "\"");
        }
        return Did.parse(s);
    }
}
