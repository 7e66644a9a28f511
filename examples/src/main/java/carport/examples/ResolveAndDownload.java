package carport.examples;

import carport.core.repo.Repository;
import carport.core.repo.VerifyReport;
import carport.net.identity.IdentityResolver;
import carport.net.identity.ResolvedIdentity;
import carport.net.identity.ResolverOptions;
import carport.net.xrpc.SyncClient;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Resolves a handle or DID to its DID document and PDS, downloads the repository and verifies it with the
 * account's signing key.
 */
public final class ResolveAndDownload {
    private ResolveAndDownload() {}

    /** {@code ResolveAndDownload HANDLE-OR-DID OUT.car [PLC-URL]}; exit 0 if the download verified. */
    public static void main(String[] args) throws IOException {
        String plc = args.length > 2 ? args[2] : ResolverOptions.DEFAULT_PLC_HOST.toString();
        System.exit(download(args[0], Path.of(args[1]), plc).ok() ? 0 : 1);
    }

    static VerifyReport download(String identifier, Path car, String plcHost) throws IOException {
        // begin README resolve
        IdentityResolver resolver = new IdentityResolver(ResolverOptions.builder().plcHost(plcHost).build());
        ResolvedIdentity id = resolver.resolve(identifier);        // a handle or a DID
        new SyncClient().getRepo(id.requirePds(), id.did(), car);
        try (Repository repo = Repository.open(car)) {
            VerifyReport report = repo.verify(id.didDocument());   // signed by the account's #atproto key?
            System.out.println(id.did() + " from " + id.requirePds() + ": " + (report.ok() ? "verified" : "FAILED"));
            return report;
        }
        // end README resolve
    }
}
