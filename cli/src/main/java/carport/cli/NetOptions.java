package carport.cli;

import carport.net.http.HttpConfig;
import carport.net.http.HttpTransport;
import carport.net.http.SizeLimit;
import carport.net.identity.IdentityResolver;
import carport.net.identity.ResolverOptions;
import carport.net.xrpc.SyncClient;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The network options every command that talks to the network shares (a picocli mixin). */
final class NetOptions {
    @Option(names = "--plc-host", paramLabel = "URL",
            description = "PLC directory for did:plc (default: $ATP_PLC_HOST, else https://plc.directory)")
    String plcHost;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
            description = "DNS server for handle TXT lookups (default: the system's resolvers)")
    String dnsServer;

    @Option(names = "--max-blob-size", paramLabel = "SIZE",
            description = "refuse a blob larger than SIZE, e.g. 100M, 2G (default: 100M)")
    String maxBlobSize;

    @Option(names = "--max-repo-size", paramLabel = "SIZE",
            description = "refuse a repository CAR larger than SIZE, e.g. 8G (default: 8G)")
    String maxRepoSize;

    private HttpConfig http;

    /** HTTP settings whose notices (retries, rate-limit waits) go to {@code err}. */
    HttpConfig http(PrintWriter err) {
        if (http == null) {
            http = HttpConfig.builder().listener(message -> {
                synchronized (err) {
                    err.println("carport: " + message);
                    err.flush();
                }
            }).build();
        }
        return http;
    }

    IdentityResolver resolver(PrintWriter err) {
        ResolverOptions.Builder b = ResolverOptions.builder().http(http(err));
        try {
            if (plcHost != null) {
                b.plcHost(plcHost);
            }
            if (dnsServer != null) {
                b.dnsServer(dnsServer);
            }
            return new IdentityResolver(b.build());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    SyncClient sync(PrintWriter err) {
        return new SyncClient(new HttpTransport(http(err)), limits());
    }

    SyncClient.Limits limits() {
        SyncClient.Limits l = SyncClient.Limits.defaults();
        if (maxBlobSize != null) {
            l = l.withMaxBlobBytes(size("--max-blob-size", maxBlobSize));
        }
        if (maxRepoSize != null) {
            l = l.withMaxRepoBytes(size("--max-repo-size", maxRepoSize));
        }
        return l;
    }

    private static long size(String option, String value) {
        try {
            return SizeLimit.parseBytes(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
