package carport.export.identity;

import carport.core.identity.DidDocument;
import carport.core.syntax.Did;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * An account as its identity records describe it right now.
 *
 * @param handle the handle the DID document claims, if any (as given; not lower-cased)
 * @param pds the PDS endpoint from the DID document
 * @param didJson the DID document exactly as served
 * @param plcAuditLog for did:plc, the audit log exactly as served
 */
public record ResolvedAccount(Did did, Optional<String> handle, URI pds, DidDocument document, byte[] didJson,
        Optional<byte[]> plcAuditLog) {
    public ResolvedAccount {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(pds, "pds");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(didJson, "didJson");
        Objects.requireNonNull(plcAuditLog, "plcAuditLog");
    }
}
