package carport.export.identity;

import carport.core.syntax.AtIdentifier;

/**
 * Finds an account's DID, DID document, PDS and (for did:plc) audit log from a handle or DID.
 * Failures are {@link carport.net.RemoteException}s (unreachable, not found) or
 * {@link carport.core.InvalidDataException}s (a document or log that does not check out).
 */
@FunctionalInterface
public interface AccountResolver {
    ResolvedAccount resolve(AtIdentifier identifier);
}
