package carport.cli;

import carport.net.identity.ResolvedIdentity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carport resolve}: handle or DID to DID, verified handle, PDS and signing key. */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {
            "Resolves a handle or DID to its DID document, PDS and signing key.",
            "",
            "Prints the DID, the handle its DID document claims and whether that handle",
            "resolves back to the DID, the PDS endpoint and the #atproto signing key."})
final class ResolveCommand extends AccountCommand {
    @Option(names = "--json", description = "print {did, handle, handleVerified, pds, signingKey, didDoc} as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = out();
        PrintWriter err = err();
        ResolvedIdentity id = net.resolver(err).resolve(Idents.parse(ident));
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode o = mapper.createObjectNode();
            o.put("did", id.did().toString());
            o.put("handle", id.claimedHandle().map(Object::toString).orElse(null));
            o.put("handleVerified", id.handleVerified());
            o.put("pds", id.pds().map(Object::toString).orElse(null));
            o.put("signingKey", id.signingKey().map(k -> k.toDidKey()).orElse(null));
            o.set("didDoc", mapper.readTree(id.didDocument().rawJson()));
            out.println(mapper.writeValueAsString(o));
        } else {
            out.println("did:         " + id.did());
            out.println("handle:      " + id.claimedHandle().map(Object::toString).orElse("(none)")
                    + (id.handleVerified() ? " (verified)" : " (NOT verified: handle.invalid)"));
            out.println("pds:         " + id.pds().map(Object::toString).orElse("(none)"));
            out.println("signing key: " + id.signingKey().map(k -> k.toDidKey()).orElse("(none)"));
        }
        out.flush();
        return ExitCode.OK;
    }
}
