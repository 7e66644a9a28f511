package carport.net.http;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How carport talks HTTP: timeouts, retry bounds, rate-limit waits, proxy, TLS trust and the
 * listener for notices. Immutable; build with {@link #builder()} or start from
 * {@link #defaults()}.
 *
 * <p>There is deliberately no total request timeout: a 1 GB repository may take many minutes, so
 * bodies are bounded by {@link #idleTimeout()} (no bytes for that long fails the attempt) instead.
 */
public final class HttpConfig {
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final int maxAttempts;
    private final Duration backoffBase;
    private final Duration backoffMax;
    private final Duration rateLimitMaxWait;
    private final int maxRateLimitWaits;
    private final String userAgent;
    private final ProxySelector proxySelector;
    private final SSLContext sslContext;
    private final NetListener listener;
    private final HttpClient httpClient;

    private HttpConfig(Builder b) {
        this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
        this.idleTimeout = positive(b.idleTimeout, "idleTimeout");
        if (b.maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (b.maxRateLimitWaits < 0) {
            throw new IllegalArgumentException("maxRateLimitWaits must not be negative");
        }
        this.maxAttempts = b.maxAttempts;
        this.backoffBase = Objects.requireNonNull(b.backoffBase, "backoffBase");
        this.backoffMax = Objects.requireNonNull(b.backoffMax, "backoffMax");
        this.rateLimitMaxWait = Objects.requireNonNull(b.rateLimitMaxWait, "rateLimitMaxWait");
        this.maxRateLimitWaits = b.maxRateLimitWaits;
        this.userAgent = Objects.requireNonNull(b.userAgent, "userAgent");
        this.proxySelector = b.proxySelector;
        this.sslContext = b.sslContext;
        this.listener = Objects.requireNonNull(b.listener, "listener");
        this.httpClient = b.httpClient;
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    /** Defaults: connect 10 s, idle 30 s, 4 attempts, 429 waits up to 60 s each (5 at most). */
    public static HttpConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.idleTimeout = idleTimeout;
        b.maxAttempts = maxAttempts;
        b.backoffBase = backoffBase;
        b.backoffMax = backoffMax;
        b.rateLimitMaxWait = rateLimitMaxWait;
        b.maxRateLimitWaits = maxRateLimitWaits;
        b.userAgent = userAgent;
        b.proxySelector = proxySelector;
        b.sslContext = sslContext;
        b.listener = listener;
        b.httpClient = httpClient;
        return b;
    }

    /** Time allowed to open a TCP (and TLS) connection. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time allowed without progress: until response headers arrive, and between body bytes. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Attempts per request for connection failures and 5xx answers (1 = no retry). */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** First retry delay before jitter; doubles per attempt up to {@link #backoffMax()}. */
    public Duration backoffBase() {
        return backoffBase;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    /** Longest single wait after a 429; a longer Retry-After is cut to this. */
    public Duration rateLimitMaxWait() {
        return rateLimitMaxWait;
    }

    /** How many 429 answers one request may wait out before failing. */
    public int maxRateLimitWaits() {
        return maxRateLimitWaits;
    }

    public String userAgent() {
        return userAgent;
    }

    /** The proxy selector, or empty for the environment's ({@link EnvProxySelector}). */
    public Optional<ProxySelector> proxySelector() {
        return Optional.ofNullable(proxySelector);
    }

    /** The TLS context, or empty for the JDK default trust store. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    public NetListener listener() {
        return listener;
    }

    /**
     * A caller-built client to use as is, or empty to build one from these settings. A given
     * client's own connect timeout, proxy and TLS settings apply, not the ones here.
     */
    public Optional<HttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxAttempts = 4;
        private Duration backoffBase = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(15);
        private Duration rateLimitMaxWait = Duration.ofSeconds(60);
        private int maxRateLimitWaits = 5;
        private String userAgent = Version.userAgent();
        private ProxySelector proxySelector;
        private SSLContext sslContext;
        private NetListener listener = NetListener.NONE;
        private HttpClient httpClient;

        private Builder() {
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder idleTimeout(Duration d) {
            this.idleTimeout = d;
            return this;
        }

        public Builder maxAttempts(int n) {
            this.maxAttempts = n;
            return this;
        }

        public Builder backoff(Duration base, Duration max) {
            this.backoffBase = base;
            this.backoffMax = max;
            return this;
        }

        public Builder rateLimit(Duration maxWait, int maxWaits) {
            this.rateLimitMaxWait = maxWait;
            this.maxRateLimitWaits = maxWaits;
            return this;
        }

        public Builder userAgent(String ua) {
            this.userAgent = ua;
            return this;
        }

        public Builder proxySelector(ProxySelector p) {
            this.proxySelector = p;
            return this;
        }

        public Builder sslContext(SSLContext c) {
            this.sslContext = c;
            return this;
        }

        public Builder listener(NetListener l) {
            this.listener = l;
            return this;
        }

        public Builder httpClient(HttpClient c) {
            this.httpClient = c;
            return this;
        }

        public HttpConfig build() {
            return new HttpConfig(this);
        }
    }
}
