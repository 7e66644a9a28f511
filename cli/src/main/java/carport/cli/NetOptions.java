package carport.cli;

import carport.net.HttpConfig;
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
        return new SyncClient(http(err));
    }
}
