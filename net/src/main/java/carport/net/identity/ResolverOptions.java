package carport.net.identity;

import carport.net.http.HttpConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings for {@link IdentityResolver}. Immutable; {@link #defaults()} reads the environment
 * ({@code ATP_PLC_HOST}, and the proxy variables through {@link HttpConfig}).
 *
 * <p>Tests reach local servers through these options alone: a PLC URL on 127.0.0.1, a DNS server
 * on 127.0.0.1, and for HTTPS names an {@code HTTPS_PROXY}-style proxy selector plus an
 * {@code SSLContext} trusting a test CA (both in {@link HttpConfig}). There is no hidden
 * host-to-address override.
 */
public final class ResolverOptions {
    public static final URI DEFAULT_PLC_HOST = URI.create("https://plc.directory");
    public static final String PLC_HOST_ENV = "ATP_PLC_HOST";

    private final URI plcHost;
    private final String dnsServer;
    private final Duration dnsTimeout;
    private final Duration handleTimeout;
    private final Duration handleCheckTimeout;
    private final boolean verifyHandle;
    private final HttpConfig http;

    private ResolverOptions(Builder b) {
        this.plcHost = ServiceEndpoints.require(Objects.requireNonNull(b.plcHost, "plcHost").toString(),
                "PLC directory URL");
        this.dnsServer = b.dnsServer;
        if (dnsServer != null) {
            DnsTxt.parseServer(dnsServer); // fail at configuration time, not at first lookup
        }
        this.dnsTimeout = positive(b.dnsTimeout, "dnsTimeout");
        this.handleTimeout = positive(b.handleTimeout, "handleTimeout");
        this.handleCheckTimeout = positive(b.handleCheckTimeout, "handleCheckTimeout");
        this.verifyHandle = b.verifyHandle;
        this.http = Objects.requireNonNull(b.http, "http");
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    public static ResolverOptions defaults() {
        return builder().build();
    }

    /** A builder whose PLC host comes from {@code ATP_PLC_HOST} when that is set. */
    public static Builder builder() {
        return new Builder().plcHostFromEnvironment(System.getenv());
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.plcHost = plcHost;
        b.dnsServer = dnsServer;
        b.dnsTimeout = dnsTimeout;
        b.handleTimeout = handleTimeout;
        b.handleCheckTimeout = handleCheckTimeout;
        b.verifyHandle = verifyHandle;
        b.http = http;
        return b;
    }

    /** The PLC directory, without trailing slash. */
    public URI plcHost() {
        return plcHost;
    }

    /** {@code HOST[:PORT]} of the DNS server for TXT lookups; empty for the system's resolvers. */
    public Optional<String> dnsServer() {
        return Optional.ofNullable(dnsServer);
    }

    /** Per-query DNS timeout. */
    public Duration dnsTimeout() {
        return dnsTimeout;
    }

    /** Bound on resolving a handle the user gave (DNS and HTTPS run at the same time). */
    public Duration handleTimeout() {
        return handleTimeout;
    }

    /** Bound on the (shorter) check of the handle a DID document claims, when a DID was given. */
    public Duration handleCheckTimeout() {
        return handleCheckTimeout;
    }

    /** Whether {@link IdentityResolver#resolve(String)} given a DID checks the claimed handle. */
    public boolean verifyHandle() {
        return verifyHandle;
    }

    public HttpConfig http() {
        return http;
    }

    public static final class Builder {
        private URI plcHost = DEFAULT_PLC_HOST;
        private String dnsServer;
        private Duration dnsTimeout = Duration.ofSeconds(5);
        private Duration handleTimeout = Duration.ofSeconds(15);
        private Duration handleCheckTimeout = Duration.ofSeconds(5);
        private boolean verifyHandle = true;
        private HttpConfig http = HttpConfig.defaults();

        private Builder() {
        }

        public Builder plcHost(URI u) {
            this.plcHost = u;
            return this;
        }

        public Builder plcHost(String url) {
            return plcHost(URI.create(url));
        }

        /** {@code ATP_PLC_HOST} from {@code env} if set, else leaves the PLC host as it is. */
        public Builder plcHostFromEnvironment(Map<String, String> env) {
            String v = env.get(PLC_HOST_ENV);
            if (v != null && !v.isBlank()) {
                this.plcHost = URI.create(v.trim());
            }
            return this;
        }

        /** {@code HOST[:PORT]} ({@code [V6]:PORT} for IPv6); null for the system's resolvers. */
        public Builder dnsServer(String hostPort) {
            this.dnsServer = hostPort;
            return this;
        }

        public Builder dnsTimeout(Duration d) {
            this.dnsTimeout = d;
            return this;
        }

        public Builder handleTimeout(Duration d) {
            this.handleTimeout = d;
            return this;
        }

        public Builder handleCheckTimeout(Duration d) {
            this.handleCheckTimeout = d;
            return this;
        }

        public Builder verifyHandle(boolean v) {
            this.verifyHandle = v;
            return this;
        }

        public Builder http(HttpConfig c) {
            this.http = c;
            return this;
        }

        public ResolverOptions build() {
            return new ResolverOptions(this);
        }
    }
}
