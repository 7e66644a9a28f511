package carport.export.identity;

import carport.core.syntax.AtIdentifier;
import carport.core.syntax.Handle;
import carport.net.identity.IdentityResolver;
import carport.net.identity.ResolvedIdentity;
import java.util.Optional;

/**
 * Resolves accounts with {@link IdentityResolver}: handle to DID (DNS, then HTTPS), the DID document
 * and its PDS, and for did:plc the audit log. The handle is kept only if it verifies both ways.
 */
public final class NetAccountResolver implements AccountResolver {
    private final IdentityResolver identities;

    public NetAccountResolver(IdentityResolver identities) {
        this.identities = identities;
    }

    @Override
    public ResolvedAccount resolve(AtIdentifier identifier) {
        ResolvedIdentity id = identities.resolve(identifier);
        Optional<byte[]> log = id.did().method().equals("plc")
                ? Optional.of(identities.fetchPlcAuditLog(id.did()))
                : Optional.empty();
        Optional<String> handle = id.handleVerified() ? id.claimedHandle().map(Handle::toString) : Optional.empty();
        return new ResolvedAccount(id.did(), handle, id.requirePds(), id.didDocument(), id.didDocument().rawJson(), log);
    }
}
