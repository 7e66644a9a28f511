package carport.cli;

import carport.core.InvalidDataException;
import carport.core.syntax.AtIdentifier;
import carport.core.syntax.Did;
import carport.net.identity.IdentityResolver;
import carport.net.identity.ResolvedIdentity;

/** Parses the IDENT argument of the network commands: a handle or a DID. */
final class Idents {
    private Idents() {}

    static AtIdentifier parse(String ident) {
        String s = ident.startsWith("@") ? ident.substring(1) : ident;
        try {
            return AtIdentifier.parse(s);
        } catch (InvalidDataException e) {
            throw new UsageException("'" + Text.safe(ident) + "' is neither a handle (alice.bsky.social) nor a DID"
                    + " (did:plc:..., did:web:...)");
        }
    }

    /**
     * The account behind IDENT, for commands that need its PDS: a DID is looked up without waiting
     * on handle verification; a handle is resolved (and so verified) as usual.
     */
    static ResolvedIdentity account(IdentityResolver resolver, String ident) {
        AtIdentifier id = parse(ident);
        return id instanceof Did did ? resolver.resolveDid(did, false) : resolver.resolve(id);
    }
}
