package carport.net.http;

import carport.core.io.AtomicFiles;
import carport.net.RemoteException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * GET requests with carport's failure policy, shared by identity resolution and the sync client.
 *
 * <ul>
 *   <li>Connection failures, broken bodies and 5xx answers are retried with jittered exponential
 *       backoff, up to {@link HttpConfig#maxAttempts()} attempts. DNS and TLS failures are not
 *       retried: they will not go away in a second.</li>
 *   <li>429 waits as long as Retry-After (seconds or HTTP date) or RateLimit-Reset (epoch
 *       seconds) says, at most {@link HttpConfig#rateLimitMaxWait()}, and says so through the
 *       {@link NetListener}.</li>
 *   <li>Bodies are bounded by an idle timeout, not a total one.</li>
 *   <li>{@link #download} streams to a temporary file next to the target and renames it into
 *       place only after the whole body (and its digest, if one is expected) checks out, so a
 *       failure never leaves a partial file where a good one is expected.</li>
 *   <li>Proxy credentials given in {@code HTTPS_PROXY}/{@code HTTP_PROXY}
 *       ({@code http://USER:PASSWORD@HOST:PORT}) are answered with HTTP Basic. The JDK refuses
 *       Basic for HTTPS tunnels (CONNECT) unless the system property
 *       {@code jdk.http.auth.tunneling.disabledSchemes} says otherwise, and reads it once, when
 *       its HTTP client classes initialise; so when credentials are given and the property is not
 *       set, it is set to "" before the first client is built. A user who sets it keeps their
 *       value. A 407 from the proxy fails at once with {@link ProxyAuthenticationException},
 *       never retried.</li>
 * </ul>
 * Thread-safe; one instance can serve many concurrent requests.
 */
public final class HttpTransport {
    /** Longest error body kept for the message; error bodies are small JSON objects. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int BUFFER = 64 * 1024;

    private static final ScheduledExecutorService WATCHDOG = watchdog();

    /**
     * Temporary files of downloads in progress, removed by a shutdown hook if the JVM exits
     * mid-download (Ctrl-C), so no hidden ".part" files are left behind.
     */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : IN_PROGRESS) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // exiting anyway
                }
            }
        }, "carport-download-cleanup"));
    }

    private final HttpConfig config;
    private final HttpClient client;
    private final Clock clock;

    /**
     * Turns a final non-2xx answer into the exception the caller should see. 429 and 5xx reach
     * it only once retries are used up.
     */
    @FunctionalInterface
    public interface ErrorMapper {
        RemoteException map(URI uri, int status, HttpHeaders headers, byte[] body);
    }

    public HttpTransport(HttpConfig config) {
        this(config, Clock.systemUTC());
    }

    HttpTransport(HttpConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.client = config.httpClient().orElseGet(() -> build(config));
    }

    /** The JDK property that lists auth schemes refused for CONNECT; default "Basic". */
    static final String TUNNEL_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    private static HttpClient build(HttpConfig config) {
        Optional<ProxySelector> proxy =
                config.proxySelector().or(EnvProxySelector::forThisProcess);
        Optional<Authenticator> auth = proxy
                .filter(EnvProxySelector.class::isInstance)
                .flatMap(p -> ((EnvProxySelector) p).authenticator());
        if (auth.isPresent()) {
            allowBasicForTunnels();
        }
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                // Redirects are followed by execute, under carport's rules (redirectTarget).
                .followRedirects(HttpClient.Redirect.NEVER)
                // One stream per connection keeps flow control and failure handling simple;
                // downloads are sequential streams anyway.
                .version(HttpClient.Version.HTTP_1_1);
        proxy.ifPresent(b::proxy);
        auth.ifPresent(b::authenticator);
        config.sslContext().ifPresent(b::sslContext);
        return b.build();
    }

    /**
     * Lets the JDK send Basic proxy credentials in a CONNECT, which it refuses by default (the
     * JDK fears a tunnel's credentials going over an untrusted network in the clear; but the
     * user put them in the proxy variable precisely to send them to that proxy, as curl would).
     * The JDK reads the property once, when its HTTP client classes initialise (the first
     * client built in the JVM), so this must run before that; a client built earlier in the
     * same JVM without credentials makes it too late, and the 407 message then says so. A
     * value the user set (even "Basic") is left alone. {@code -Djdk.http.auth.tunneling.disabledSchemes=}
     * on the java command line always works.
     */
    private static void allowBasicForTunnels() {
        synchronized (System.getProperties()) {
            if (System.getProperty(TUNNEL_DISABLED_SCHEMES) == null) {
                System.setProperty(TUNNEL_DISABLED_SCHEMES, "");
            }
            // Send the credentials once: with the default limit (3) the JDK sends rejected
            // credentials up to three more times per request, and a proxy that locks an account
            // after a few failures would lock the user out. Read once, like the property above.
            if (System.getProperty(AUTH_RETRY_LIMIT) == null) {
                System.setProperty(AUTH_RETRY_LIMIT, "0");
            }
        }
    }

    /** The JDK property that bounds how often rejected credentials are sent again (default 3). */
    static final String AUTH_RETRY_LIMIT = "jdk.httpclient.auth.retrylimit";

    public HttpConfig config() {
        return config;
    }

    /**
     * GETs a small body into memory (JSON, a DID document, an audit log).
     *
     * @param maxBytes a longer body fails with {@link BadResponseException}
     */
    public byte[] get(URI uri, String accept, int maxBytes, ErrorMapper errors) {
        return execute(uri, accept, errors, (in, headers) -> readCapped(in, maxBytes, uri));
    }

    /**
     * Sends a request the caller built (any method, headers, a body publisher that can be replayed,
     * such as {@code BodyPublishers.ofFile}) and reads its small answer into memory. For requests
     * that carry credentials (a session token, a password): this path follows <em>no</em> redirect,
     * so a 3xx answer reaches {@code errors} like any other status, and the caller decides whether
     * the new location may see the request. The User-Agent and Accept-Encoding headers are added.
     * A 429 that asks for longer than {@link HttpConfig#rateLimitMaxWait()} fails at once (saying
     * when to come back: a PDS's daily upload limit) instead of being waited out in part.
     *
     * @param retry whether connection failures and 5xx answers may be retried: only for requests
     *     that are safe to repeat. A short 429 is waited out either way (the server did not act on it).
     * @param maxBytes a longer answer fails with {@link BadResponseException}
     */
    public byte[] send(HttpRequest request, boolean retry, int maxBytes, ErrorMapper errors) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalStateException("the HttpClient given to HttpConfig follows redirects;"
                    + " requests with credentials need one built with Redirect.NEVER");
        }
        HttpRequest r = HttpRequest.newBuilder(request, (name, value) -> true)
                .timeout(config.idleTimeout())
                .setHeader("User-Agent", config.userAgent())
                .setHeader("Accept-Encoding", "gzip")
                .build();
        return execute(r, null, retry ? config.maxAttempts() : 1, false, errors,
                (in, headers) -> readCapped(in, maxBytes, r.uri()));
    }

    /**
     * Streams a body to {@code target}: written to a temporary file in the same directory, forced
     * to disk, then atomically renamed over {@code target}. A failed or interrupted attempt starts
     * over from the first byte; on final failure the temporary file is removed and {@code target}
     * is left as it was.
     *
     * @param expectedSha256 if not null, the body's SHA-256 must equal it (no retry if not)
     * @param limit the most bytes accepted: a body that declares or sends more fails at once with
     *     {@link BodyTooLargeException} (no retry), before it can fill the disk
     * @return bytes written
     * @throws UncheckedIOException if the local file cannot be written (disk full, permissions)
     */
    public long download(URI uri, String accept, Path target, ProgressListener progress,
            byte[] expectedSha256, SizeLimit limit, ErrorMapper errors) {
        Path dir = target.toAbsolutePath().getParent();
        AtomicFiles.TempFile temp = createTemp(dir, target.getFileName().toString());
        Path tmp = temp.path();
        try (FileChannel out = temp.channel()) {
            long n = execute(uri, accept, errors, (in, headers) -> {
                long total = headers.firstValue("content-encoding").isPresent()
                        ? -1 : headers.firstValueAsLong("content-length").orElse(-1);
                if (total > limit.bytes()) {
                    throw tooLarge(uri, limit, "declares " + total + " bytes");
                }
                progress.progress(0, total);
                return copy(in, out, expectedSha256, limit, uri, progress, total);
            });
            try {
                out.force(true);
            } catch (IOException e) {
                throw local("cannot write " + tmp, e);
            }
            out.close();
            try {
                AtomicFiles.move(tmp, target);
            } catch (IOException e) {
                throw local("cannot move " + tmp + " to " + target, e);
            }
            AtomicFiles.fsyncDirectory(dir);
            return n;
        } catch (IOException e) {
            throw local("cannot write " + tmp, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // the rename happened or the file never existed; nothing useful to report
            }
            IN_PROGRESS.remove(tmp);
        }
    }

    /**
     * Hidden, in the target's directory (so the rename is atomic), registered for removal at exit as
     * soon as it exists.
     */
    private static AtomicFiles.TempFile createTemp(Path dir, String name) {
        try {
            AtomicFiles.TempFile t = AtomicFiles.createTemp(dir, "." + name, ".part");
            IN_PROGRESS.add(t.path());
            return t;
        } catch (IOException e) {
            throw local("cannot create a temporary file in " + dir, e);
        }
    }

    private static UncheckedIOException local(String what, IOException e) {
        return new UncheckedIOException(what + ": " + e.getMessage(), e);
    }

    /** A local write failure must not be mistaken for a network failure and retried. */
    private static final class LocalWriteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LocalWriteFailure(IOException cause) {
            super(cause);
        }
    }

    private static BodyTooLargeException tooLarge(URI uri, SizeLimit limit, String what) {
        return new BodyTooLargeException(host(uri) + " " + what + " for " + path(uri) + ", more than "
                + limit.describe() + "; nothing was saved", limit);
    }

    private long copy(InputStream in, FileChannel out, byte[] expectedSha256, SizeLimit limit, URI uri,
            ProgressListener progress, long total) throws IOException {
        MessageDigest md = expectedSha256 == null ? null : sha256();
        try {
            out.truncate(0);
            out.position(0);
        } catch (IOException e) {
            throw new LocalWriteFailure(e);
        }
        byte[] buf = new byte[BUFFER];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long n = 0;
        for (int r; (r = in.read(buf)) >= 0; ) {
            if (r == 0) {
                continue;
            }
            if (n + r > limit.bytes()) {
                throw tooLarge(uri, limit, "sent more than " + limit.bytes() + " bytes");
            }
            if (total >= 0 && n + r > total) {
                // The JDK stops at Content-Length itself; this guards a client that does not.
                throw new BadResponseException(host(uri) + " sent more than the " + total
                        + " bytes its Content-Length declared for " + path(uri) + "; nothing was saved");
            }
            if (md != null) {
                md.update(buf, 0, r);
            }
            bb.clear().limit(r);
            try {
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            } catch (IOException e) {
                throw new LocalWriteFailure(e);
            }
            n += r;
            progress.progress(n, total);
        }
        if (md != null && !MessageDigest.isEqual(md.digest(), expectedSha256)) {
            throw new BadResponseException(host(uri) + " sent " + n
                    + " bytes whose SHA-256 does not match the requested CID; nothing was saved");
        }
        return n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readCapped(InputStream in, int max, URI uri) throws IOException {
        byte[] buf = new byte[Math.min(max, 8192) + 1];
        int n = 0;
        for (int r; (r = in.read(buf, n, buf.length - n)) >= 0; ) {
            n += r;
            if (n > max) {
                throw new BadResponseException(host(uri) + " sent more than " + max
                        + " bytes for " + path(uri) + "; that is not a plausible answer");
            }
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(max + 1, buf.length * 2));
            }
        }
        return Arrays.copyOf(buf, n);
    }

    // ------------------------------------------------------------------ the retry loop

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream in, HttpHeaders headers) throws IOException;
    }

    /** Redirects followed per request; sync 1.1 relays answer getRepo with one to the PDS. */
    static final int MAX_REDIRECTS = 5;

    private HttpRequest request(URI uri, String accept) {
        return HttpRequest.newBuilder(uri)
                .GET()
                .timeout(config.idleTimeout())
                .header("User-Agent", config.userAgent())
                .header("Accept", accept)
                .header("Accept-Encoding", "gzip")
                .build();
    }

    private <T> T execute(URI first, String accept, ErrorMapper errors, BodyReader<T> reader) {
        return execute(request(first, accept), accept, config.maxAttempts(), true, errors, reader);
    }

    /**
     * @param accept for a GET that carport builds: redirects are followed by carport's rules, each
     *     new request built with it; null for a request the caller built ({@link #send}): no
     *     redirect is followed, the 3xx goes to {@code errors}
     * @param waitLong whether a 429 that asks for longer than {@link HttpConfig#rateLimitMaxWait()}
     *     is still waited out (capped) or fails at once
     */
    private <T> T execute(HttpRequest firstRequest, String accept, int maxAttempts, boolean waitLong,
            ErrorMapper errors, BodyReader<T> reader) {
        Exchange x = new Exchange(firstRequest, accept, maxAttempts, waitLong);
        while (true) {
            Failure failure;
            IdleWatch watch = null;
            try {
                HttpResponse<InputStream> response = send(x);
                watch = new IdleWatch(response.body() != null ? response.body() : InputStream.nullInputStream(),
                        config.idleTimeout());
                int status = response.statusCode();
                HttpHeaders headers = response.headers();
                if (status >= 200 && status < 300) {
                    T result = reader.read(decode(watch, headers, x.uri), headers);
                    watch.close();
                    return result;
                }
                notSuccessful(x, status, headers, watch, errors);
                continue;
            } catch (LocalWriteFailure e) {
                closeQuietly(watch);
                throw local("cannot write the download", (IOException) e.getCause());
            } catch (RemoteException e) {
                closeQuietly(watch);
                throw e;
            } catch (InterruptedException e) {
                closeQuietly(watch);
                Thread.currentThread().interrupt();
                throw new RemoteException("interrupted while talking to " + host(x.uri));
            } catch (IOException e) {
                closeQuietly(watch);
                failure = failedAttempt(e, x.uri, watch);
            }
            retryAfter(x, failure);
        }
    }

    /** One {@link #execute} call's state: where it is now, and how many of each kind of retry it used. */
    private static final class Exchange {
        final URI first;
        final String accept;
        final int maxAttempts;
        final boolean waitLong;
        URI uri;
        HttpRequest request;
        int failures;
        int rateLimitWaits;
        int redirects;

        Exchange(HttpRequest firstRequest, String accept, int maxAttempts, boolean waitLong) {
            this.first = firstRequest.uri();
            this.accept = accept;
            this.maxAttempts = maxAttempts;
            this.waitLong = waitLong;
            this.uri = first;
            this.request = firstRequest;
        }
    }

    /** Sends the exchange's current request; a proxy's refusal of our credentials ends it at once. */
    private HttpResponse<InputStream> send(Exchange x) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(x.request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 407) {
            // The JDK turns a CONNECT's 407 into a response without a body stream (null).
            closeQuietly(response.body());
            RemoteException proxyAuth = proxyAuthFailure(x.uri, response.headers(), null);
            if (proxyAuth != null) {
                throw proxyAuth;
            }
        }
        return response;
    }

    /**
     * A non-2xx answer: returns after following a redirect or waiting out a 429 or a 5xx worth another
     * attempt (the caller sends again); otherwise throws the error it maps to.
     */
    private void notSuccessful(Exchange x, int status, HttpHeaders headers, IdleWatch watch, ErrorMapper errors)
            throws IOException {
        if (x.accept != null && isRedirect(status) && headers.firstValue("location").isPresent()) {
            watch.close();
            x.uri = redirectTarget(x.first, x.uri, headers.firstValue("location").get(), ++x.redirects);
            x.request = request(x.uri, x.accept);
            return;
        }
        byte[] body = readErrorBody(decode(watch, headers, x.uri));
        watch.close();
        if (status == 429) {
            // The server pacing us is not a failed attempt; it has its own bound.
            if (x.rateLimitWaits >= config.maxRateLimitWaits() || !x.waitLong && RetryAfter.parse(headers, clock)
                    .filter(d -> d.compareTo(config.rateLimitMaxWait()) > 0).isPresent()) {
                throw rateLimited(x.uri, headers, body, errors);
            }
            x.rateLimitWaits++;
            sleep(rateLimitWait(x.uri, headers, x.rateLimitWaits));
            return;
        }
        if (retryableStatus(status) && x.failures + 1 < x.maxAttempts) {
            x.failures++;
            sleep(serverErrorWait(x.uri, status, headers, x.failures));
            return;
        }
        throw errors.map(x.uri, status, headers, body);
    }

    /** Counts a failed attempt: throws its error if it was the last one allowed, else waits before the next. */
    private void retryAfter(Exchange x, Failure failure) {
        x.failures++;
        if (x.failures >= x.maxAttempts) {
            throw failure.error();
        }
        Duration d = backoff(x.failures);
        config.listener().notice(failure.what() + "; retrying in " + seconds(d) + " (attempt "
                + (x.failures + 1) + " of " + x.maxAttempts + ")");
        sleep(d);
    }

    /** Classifies a failed attempt; throws at once if it is not worth retrying. */
    private Failure failedAttempt(IOException e, URI uri, IdleWatch watch) {
        RemoteException auth = authGaveUp(e, uri);
        if (auth != null) {
            throw auth;
        }
        boolean idle = watch != null && watch.fired();
        Failure failure = classify(e, uri, idle ? watch : null);
        if (!retryable(e, idle)) {
            throw failure.error();
        }
        return failure;
    }

    private Duration rateLimitWait(URI uri, HttpHeaders headers, int waits) {
        Duration said = RetryAfter.parse(headers, clock).orElse(null);
        Duration wait = said == null ? backoff(waits) : said;
        if (wait.compareTo(config.rateLimitMaxWait()) > 0) {
            wait = config.rateLimitMaxWait();
        }
        config.listener().notice(host(uri) + " says too many requests (429); waiting "
                + seconds(wait) + (said == null ? "" : " as it asked") + " before retrying");
        return wait;
    }

    private Duration serverErrorWait(URI uri, int status, HttpHeaders headers, int failures) {
        Duration wait = RetryAfter.parse(headers, clock)
                .filter(d -> d.compareTo(config.rateLimitMaxWait()) <= 0)
                .orElse(backoff(failures));
        config.listener().notice(host(uri) + " answered HTTP " + status + " for " + path(uri)
                + "; retrying in " + seconds(wait) + " (attempt " + (failures + 1) + " of "
                + config.maxAttempts() + ")");
        return wait;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Where a redirect from {@code from} to {@code location} leads, if carport may follow it: at
     * most {@link #MAX_REDIRECTS}, only to http(s), never from https to http, and plain http only
     * on a loopback host (the rule for configured hosts). Cross-host https redirects are allowed:
     * sync 1.1 relays answer getRepo with a redirect to the PDS.
     */
    static URI redirectTarget(URI first, URI from, String location, int redirects) {
        if (redirects > MAX_REDIRECTS) {
            throw new BadResponseException(host(first) + " redirected " + path(first) + " more than "
                    + MAX_REDIRECTS + " times; carport gives up");
        }
        URI to;
        try {
            to = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new BadResponseException(host(from) + " redirected " + path(from) + " to '"
                    + oneLine(location, 200) + "', which is not a URL");
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        String refused = null;
        if (to.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            refused = "which is not an http(s) URL";
        } else if (scheme.equals("http") && "https".equalsIgnoreCase(from.getScheme())) {
            refused = "which would downgrade https to plain http";
        } else if (scheme.equals("http") && !Hosts.isLoopback(to.getHost())) {
            refused = "which is plain http; carport follows plain http only to 127.0.0.1, localhost and ::1";
        }
        if (refused != null) {
            throw new BadResponseException(host(from) + " redirected " + path(from) + " to "
                    + oneLine(to.getScheme() + "://" + to.getRawAuthority() + path(to), 200) + ", " + refused);
        }
        return to;
    }

    private static InputStream decode(InputStream in, HttpHeaders headers, URI uri) throws IOException {
        String enc = headers.firstValue("content-encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
        return switch (enc) {
            case "identity", "" -> in;
            case "gzip", "x-gzip" -> new GZIPInputStream(in, BUFFER);
            default -> throw new BadResponseException(host(uri) + " sent Content-Encoding '" + enc
                    + "', which carport did not ask for");
        };
    }

    private static byte[] readErrorBody(InputStream in) throws IOException {
        byte[] buf = new byte[MAX_ERROR_BODY];
        int n = 0;
        for (int r; n < buf.length && (r = in.read(buf, n, buf.length - n)) >= 0; ) {
            n += r;
        }
        return Arrays.copyOf(buf, n);
    }

    private RemoteException rateLimited(URI uri, HttpHeaders headers, byte[] body, ErrorMapper errors) {
        RemoteException mapped = errors.map(uri, 429, headers, body);
        if (mapped instanceof RateLimitedException) {
            return mapped;
        }
        return new RateLimitedException(host(uri) + " keeps answering 429 Too Many Requests after "
                + config.maxRateLimitWaits() + " waits; try again later", 429, "RateLimitExceeded");
    }

    /**
     * The JDK's authentication filter ends in a plain IOException when the proxy keeps refusing
     * the credentials ("too many authentication attempts") or when a challenge gets no answer
     * from the authenticator ("No credentials provided": a proxy without credentials in its
     * variable, or a server asking for a Basic login). Neither is a broken connection to retry.
     */
    private RemoteException authGaveUp(IOException e, URI uri) {
        boolean tooMany = hasMessage(e, "too many authentication attempts");
        if (!tooMany && !hasMessage(e, "No credentials provided")) {
            return null;
        }
        // Our authenticator always answers the proxy it has credentials for, so an unanswered
        // challenge on such a request came from the server.
        boolean server = !tooMany && client.proxy().orElse(null) instanceof EnvProxySelector env
                && env.hasCredentialsFor(uri);
        RemoteException proxyAuth = server ? null : proxyAuthFailure(uri, null, e);
        if (proxyAuth != null) {
            return proxyAuth;
        }
        if (tooMany) {
            return null;
        }
        return new RemoteException(host(uri) + " asks for a login (HTTP 401, Basic) for " + path(uri)
                + ", which carport does not do", e);
    }

    private static boolean hasMessage(Throwable t, String prefix) {
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t.getMessage() != null && t.getMessage().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The error for a 407 on {@code uri}, or null if {@code uri} does not go through a proxy (an
     * origin server answering 407 is left to the caller's mapper).
     */
    private RemoteException proxyAuthFailure(URI uri, HttpHeaders headers, IOException cause) {
        ProxySelector ps = client.proxy().orElse(null);
        List<Proxy> chosen = ps == null ? List.of() : ps.select(uri);
        if (chosen.isEmpty() || chosen.get(0).type() != Proxy.Type.HTTP) {
            return null;
        }
        String offered = headers == null ? null : nonBasicSchemes(headers);
        String msg = null;
        if (ps instanceof EnvProxySelector env) {
            String notSent = null;
            if (offered == null && cause == null && env.hasCredentialsFor(uri) && !env.wasAskedForCredentials()
                    && "https".equalsIgnoreCase(uri.getScheme())) {
                // Credentials exist but the JDK never asked for them: it has Basic disabled for
                // tunnels, because the user said so or because a client was built before
                // carport could say otherwise.
                String set = System.getProperty(TUNNEL_DISABLED_SCHEMES);
                notSent = "Basic is disabled for HTTPS tunnels in this JVM (" + TUNNEL_DISABLED_SCHEMES
                        + (set == null || set.isEmpty() ? " was read before carport could set it" : "=" + set)
                        + "); run java with -D" + TUNNEL_DISABLED_SCHEMES + "=";
            }
            msg = env.proxyAuthProblem(uri, offered, notSent);
        }
        if (msg == null) {
            SocketAddress a = chosen.get(0).address();
            String where = a instanceof InetSocketAddress isa ? isa.getHostString() + ":" + isa.getPort() : String.valueOf(a);
            msg = "proxy " + where + " asks for credentials (HTTP 407): put them in "
                    + ("https".equalsIgnoreCase(uri.getScheme()) ? "HTTPS_PROXY" : "HTTP_PROXY")
                    + " as http://USER:PASSWORD@" + where;
        }
        return cause == null ? new ProxyAuthenticationException(msg) : new ProxyAuthenticationException(msg, cause);
    }

    /** The schemes a 407 offers if Basic is not among them ("NTLM, Negotiate"), else null. */
    private static String nonBasicSchemes(HttpHeaders headers) {
        List<String> offered = headers.allValues("proxy-authenticate");
        StringBuilder sb = new StringBuilder();
        for (String v : offered) {
            String scheme = v.trim().split("[\\s,]", 2)[0];
            if (scheme.equalsIgnoreCase("Basic")) {
                return null;
            }
            if (!scheme.isEmpty() && sb.indexOf(scheme) < 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(oneLine(scheme, 40));
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static boolean retryableStatus(int status) {
        // 501 and 505 say the server will never do this; everything else 5xx may pass.
        return status >= 500 && status != 501 && status != 505;
    }

    private static boolean retryable(IOException e, boolean idle) {
        if (idle) {
            return true;
        }
        return !(has(e, ZipException.class) || has(e, SSLHandshakeException.class) || has(e, SSLPeerUnverifiedException.class)
                || has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class));
    }

    /** A failed attempt: {@code what} happened (for retry notices), and the error to throw if it is the last. */
    private record Failure(String what, RemoteException error) {
    }

    private Failure classify(IOException e, URI uri, IdleWatch idle) {
        String host = host(uri);
        if (idle != null) {
            long got = idle.sinceProgress();
            String what = got == 0
                    ? host + " sent no data for " + seconds(config.idleTimeout()) + " while sending " + path(uri)
                    : host + " sent only " + got + " bytes in " + seconds(config.idleTimeout()) + " while sending "
                            + path(uri) + " (less than " + IdleWatch.MIN_PROGRESS + " bytes is too slow to go on)";
            return new Failure(what, new RemoteTimeoutException(what + "; it may be overloaded, try again later", e));
        }
        if (has(e, ZipException.class)) {
            String what = host + " sent a corrupt gzip body for " + path(uri) + " (" + rootMessage(e) + ")";
            return new Failure(what, new BadResponseException(what, e));
        }
        if (has(e, SSLHandshakeException.class) || has(e, SSLPeerUnverifiedException.class)) {
            String what = "TLS handshake with " + host + " failed (" + rootMessage(e) + ")";
            return new Failure(what, new TlsException(what
                    + "; check the system clock, the certificate, and any intercepting proxy", e));
        }
        if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
            String what = "cannot resolve host name " + uri.getHost();
            return new Failure(what, new DnsException(what + "; check the name, your network and your DNS settings", e));
        }
        if (e instanceof HttpConnectTimeoutException) {
            String what = "could not connect to " + host + " within " + seconds(config.connectTimeout());
            return new Failure(what, new RemoteTimeoutException(what + "; check your network or proxy", e));
        }
        if (e instanceof HttpTimeoutException) {
            String what = host + " did not answer " + path(uri) + " within " + seconds(config.idleTimeout());
            return new Failure(what, new RemoteTimeoutException(what + "; it may be overloaded, try again later", e));
        }
        if (e instanceof ConnectException || has(e, ConnectException.class)) {
            String why = rootMessage(e);
            String what = "cannot connect to " + host + " ("
                    + (why.equals("ConnectException") ? "connection refused" : why) + ")";
            return new Failure(what, new ConnectionException(what + "; is the server running and the address right?", e));
        }
        String what = "connection to " + host + " broke while fetching " + path(uri) + " (" + rootMessage(e) + ")";
        return new Failure(what, new ConnectionException(what + "; try again later", e));
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        String msg = null;
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                msg = t.getMessage();
            } else if (msg == null) {
                msg = t.getClass().getSimpleName();
            }
        }
        return oneLine(msg == null ? "unknown error" : msg, 200);
    }

    private Duration backoff(int attempt) {
        long base = Math.max(1, config.backoffBase().toMillis());
        long cap = Math.max(base, config.backoffMax().toMillis());
        long exp = base << Math.min(attempt - 1, 20);
        long ms = Math.min(cap, exp);
        // "equal jitter": at least half the step, so retries never hammer, but spread out.
        return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException("interrupted while waiting to retry");
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // already failing; the first error is the one worth reporting
            }
        }
    }

    // ------------------------------------------------------------------ small helpers

    /** "host" or "host:port", for messages. */
    public static String host(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static String path(URI uri) {
        String p = uri.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms < 10_000 && ms % 1000 != 0) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return (ms + 999) / 1000 + " s";
    }

    /** Collapses whitespace and control characters and shortens, for text a server chose. */
    public static String oneLine(String s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max + 1));
        boolean space = false;
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = sb.length() > 0;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(c);
        }
        if (sb.length() >= max) {
            sb.setLength(max);
            sb.append("...");
        }
        return sb.toString();
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor ses = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "carport-idle-watchdog");
            t.setDaemon(true);
            return t;
        });
        ses.setRemoveOnCancelPolicy(true);
        return ses;
    }

    /**
     * Fails a body read that makes no progress for the idle timeout, by closing the response
     * stream from the watchdog thread (which wakes the blocked reader with an IOException).
     */
    private static final class IdleWatch extends FilterInputStream {
        /**
         * Progress means at least this many bytes (or the end of the body) per idle timeout, so a
         * body that drips a few bytes a second fails like a silent one instead of holding the run
         * for hours.
         */
        static final int MIN_PROGRESS = 1024;

        private final long idleNanos;
        private final ScheduledFuture<?> task;
        private volatile long last = System.nanoTime();
        private volatile long count;
        private volatile long countAtLast;
        private volatile boolean fired;
        private volatile boolean closed;

        IdleWatch(InputStream in, Duration idle) {
            super(in);
            this.idleNanos = idle.toNanos();
            long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                    Math.min(TimeUnit.SECONDS.toNanos(1), idleNanos / 4));
            this.task = WATCHDOG.scheduleAtFixedRate(this::check, period, period, TimeUnit.NANOSECONDS);
        }

        private void check() {
            if (!closed && !fired && System.nanoTime() - last > idleNanos) {
                fired = true;
                try {
                    in.close();
                } catch (IOException e) {
                    // the reader will see the stream closed either way
                }
                task.cancel(false);
            }
        }

        boolean fired() {
            return fired;
        }

        /** Bytes received since the last progress mark (0: silence). */
        long sinceProgress() {
            return count - countAtLast;
        }

        private int counted(int r) {
            if (r < 0) {
                last = System.nanoTime();
            } else if (r > 0) {
                long c = count + r;
                count = c;
                if (c - countAtLast >= MIN_PROGRESS) {
                    countAtLast = c;
                    last = System.nanoTime();
                }
            }
            return r;
        }

        @Override
        public int read() throws IOException {
            int r = in.read();
            return counted(r < 0 ? -1 : 1) < 0 ? -1 : r;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return counted(in.read(b, off, len));
        }

        @Override
        public void close() throws IOException {
            closed = true;
            task.cancel(false);
            in.close();
        }
    }

}
