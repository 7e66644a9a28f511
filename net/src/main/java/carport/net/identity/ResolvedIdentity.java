package carport.net.identity;

import carport.core.InvalidDataException;
import carport.core.crypto.VerifyingKey;
import carport.core.identity.DidDocument;
import carport.core.syntax.Did;
import carport.core.syntax.Handle;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * An account's identity as resolved now.
 *
 * @param did the account's permanent identifier
 * @param claimedHandle the first valid {@code at://} handle in the document's alsoKnownAs, if any
 * @param handleVerified true only if that handle resolves back to {@code did}; when false, show
 *     the handle as {@code handle.invalid} ({@link #displayHandle()}); the DID still works
 * @param pds the {@code #atproto_pds} endpoint, if present and usable (https, or http on loopback)
 * @param signingKey the {@code #atproto} key, if present and decodable
 * @param didDocument the document as served
 */
public record ResolvedIdentity(Did did, Optional<Handle> claimedHandle, boolean handleVerified, Optional<URI> pds,
        Optional<VerifyingKey> signingKey, DidDocument didDocument) {

    public ResolvedIdentity {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(claimedHandle, "claimedHandle");
        Objects.requireNonNull(pds, "pds");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(didDocument, "didDocument");
        if (handleVerified && claimedHandle.isEmpty()) {
            throw new IllegalArgumentException("a handle cannot be verified without being claimed");
        }
    }

    /** The verified handle, or {@code handle.invalid}. */
    public String displayHandle() {
        return handleVerified ? claimedHandle.get().toString() : Handle.INVALID_HANDLE;
    }

    /** The PDS endpoint, or {@link NoPdsException} saying why there is none. */
    public URI requirePds() {
        return pds.orElseThrow(() -> new NoPdsException(pdsProblem(did, didDocument)));
    }

    /** The signing key, or {@link IdentityException} saying why there is none. */
    public VerifyingKey requireSigningKey() {
        return signingKey.orElseThrow(() -> {
            try {
                didDocument.atprotoKey();
            } catch (InvalidDataException e) {
                return new IdentityException(e.getMessage());
            }
            return new IdentityException("the DID document of " + did
                    + " has no #atproto signing key, so its repository cannot be verified");
        });
    }

    static Optional<URI> pdsOf(Did did, DidDocument doc) {
        try {
            Optional<String> ep = doc.pdsEndpoint();
            return ep.map(e -> ServiceEndpoints.require(e, "the PDS endpoint of " + did));
        } catch (InvalidDataException | IdentityException e) {
            return Optional.empty();
        }
    }

    static Optional<VerifyingKey> keyOf(DidDocument doc) {
        try {
            return doc.atprotoKey();
        } catch (InvalidDataException e) {
            return Optional.empty();
        }
    }

    private static String pdsProblem(Did did, DidDocument doc) {
        try {
            Optional<String> ep = doc.pdsEndpoint();
            if (ep.isEmpty()) {
                return "the DID document of " + did
                        + " names no PDS (no #atproto_pds service); the account is not hosted anywhere now";
            }
            ServiceEndpoints.require(ep.get(), "the PDS endpoint of " + did);
            return "the DID document of " + did + " names no usable PDS";
        } catch (InvalidDataException | IdentityException e) {
            return e.getMessage();
        }
    }
}
