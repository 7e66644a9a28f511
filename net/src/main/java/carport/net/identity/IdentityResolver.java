package carport.net.identity;

import carport.core.identity.DidDocument;
import carport.core.syntax.AtIdentifier;
import carport.core.syntax.Did;
import carport.core.syntax.Handle;
import carport.net.RemoteException;
import carport.net.http.HttpConfig;
import carport.net.http.HttpTransport;
import java.time.Duration;
import java.util.Optional;

/**
 * Resolves handles and DIDs to a {@link ResolvedIdentity}: the DID, its document, PDS endpoint,
 * signing key, and whether the handle is bidirectionally verified.
 *
 * <p>Bidirectional check: the claimed handle is the first syntactically valid {@code at://} handle
 * in the document's alsoKnownAs (later entries claim nothing); it is verified only if it resolves
 * to the same DID. An unverified handle does not stop anything: the DID still works, and the
 * handle should be shown as {@code handle.invalid}.
 *
 * <p>Thread-safe; reuse one instance.
 */
public final class IdentityResolver {
    private final ResolverOptions options;
    private final HttpTransport http;
    private final HandleResolver handles;
    private final DidDocumentFetcher documents;

    public IdentityResolver() {
        this(ResolverOptions.defaults());
    }

    public IdentityResolver(ResolverOptions options) {
        this.options = options;
        this.http = new HttpTransport(options.http());
        this.documents = new DidDocumentFetcher(http, options.plcHost());
        Duration shortest = min(options.handleTimeout(), options.http().idleTimeout());
        // A handle's web server gets one quick retry and no rate-limit patience: the answer is
        // tiny, and DNS may well have answered already.
        HttpConfig handleHttp = options.http().toBuilder()
                .maxAttempts(Math.min(2, options.http().maxAttempts()))
                .rateLimit(Duration.ofSeconds(1), 0)
                .idleTimeout(shortest)
                .connectTimeout(min(options.http().connectTimeout(), options.handleTimeout()))
                .build();
        this.handles = new HandleResolver(new DnsTxt(options.dnsServer().orElse(null), options.dnsTimeout()),
                new HttpTransport(handleHttp));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public ResolverOptions options() {
        return options;
    }

    /**
     * Resolves a handle or DID as a user typed it. A leading {@code @} or {@code at://} is
     * dropped. Given a DID, the claimed handle is checked with the short
     * {@link ResolverOptions#handleCheckTimeout()} if {@link ResolverOptions#verifyHandle()}.
     *
     * @throws carport.core.syntax.InvalidSyntaxException if it is neither a handle nor a DID
     */
    public ResolvedIdentity resolve(String identifier) {
        String s = identifier.trim();
        if (s.startsWith("at://")) {
            s = s.substring(5);
            int slash = s.indexOf('/');
            if (slash >= 0) {
                s = s.substring(0, slash);
            }
        } else if (s.startsWith("@")) {
            s = s.substring(1);
        }
        return resolve(AtIdentifier.parse(s));
    }

    public ResolvedIdentity resolve(AtIdentifier id) {
        if (id instanceof Did did) {
            return resolveDid(did, options.verifyHandle());
        }
        return resolveHandle((Handle) id);
    }

    /** Resolves a handle to its DID and document; the handle is verified if the document claims it. */
    public ResolvedIdentity resolveHandle(Handle handle) {
        Did did = handleToDid(handle);
        DidDocument doc = documents.fetch(did);
        Optional<Handle> claimed = claimedHandle(doc);
        return identity(did, doc, claimed, claimed.isPresent() && claimed.get().equals(handle));
    }

    /**
     * Resolves a DID to its document. With {@code verifyHandle}, the claimed handle is resolved
     * (bounded by {@link ResolverOptions#handleCheckTimeout()}); any failure there just leaves it
     * unverified. Callers that need only the PDS (download-repo) pass false and skip DNS entirely.
     */
    public ResolvedIdentity resolveDid(Did did, boolean verifyHandle) {
        DidDocument doc = documents.fetch(did);
        Optional<Handle> claimed = claimedHandle(doc);
        boolean verified = false;
        if (verifyHandle && claimed.isPresent() && !claimed.get().isDisallowedTld()) {
            try {
                verified = handles.resolve(claimed.get(), options.handleCheckTimeout()).equals(did);
            } catch (RemoteException e) {
                verified = false;
            }
        }
        return identity(did, doc, claimed, verified);
    }

    /** Handle to DID only (DNS TXT, then HTTPS well-known), without the bidirectional check. */
    public Did handleToDid(Handle handle) {
        return handles.resolve(handle, options.handleTimeout());
    }

    /** The raw bytes of {@code <plc>/<did>/log/audit}, for exports; not verified here. */
    public byte[] fetchPlcAuditLog(Did did) {
        return documents.plcAuditLog(did);
    }

    private static Optional<Handle> claimedHandle(DidDocument doc) {
        return doc.claimedHandle();
    }

    private static ResolvedIdentity identity(Did did, DidDocument doc, Optional<Handle> claimed, boolean verified) {
        return new ResolvedIdentity(did, claimed, verified, ResolvedIdentity.pdsOf(did, doc),
                ResolvedIdentity.keyOf(doc), doc);
    }
}
