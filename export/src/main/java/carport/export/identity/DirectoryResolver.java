package carport.export.identity;

import carport.core.InvalidDataException;
import carport.core.identity.DidDocument;
import carport.core.syntax.AtIdentifier;
import carport.core.syntax.Did;
import carport.core.syntax.Handle;
import carport.net.DidNotFoundException;
import carport.net.HandleNotFoundException;
import carport.net.HttpTransport;
import carport.net.IdentityException;
import carport.net.NoPdsException;
import carport.net.RemoteException;
import carport.net.XrpcException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Resolves identities over the network: handles by DNS TXT {@code _atproto.<handle>} and then the
 * HTTPS well-known file, did:plc documents and audit logs from a PLC directory, did:web documents from
 * the host's well-known file. The handle a DID document claims is kept only if it resolves back to
 * the same DID.
 */
public final class DirectoryResolver implements AccountResolver {
    /** The public PLC directory. */
    public static final URI DEFAULT_PLC = URI.create("https://plc.directory");

    private static final int MAX_DOC = 1 << 20;
    private static final int MAX_LOG = 32 << 20;

    private final HttpTransport http;
    private final URI plc;

    public DirectoryResolver(HttpTransport http, URI plc) {
        this.http = http;
        this.plc = plc;
    }

    @Override
    public ResolvedAccount resolve(AtIdentifier identifier) {
        Did did = identifier instanceof Did ? (Did) identifier : resolveHandle((Handle) identifier);
        byte[] json = fetchDocument(did);
        DidDocument doc;
        try {
            doc = DidDocument.parse(json);
        } catch (InvalidDataException e) {
            throw new IdentityException("the DID document of " + did + " is not usable: " + e.getMessage());
        }
        if (!doc.id().equals(did.toString())) {
            throw new IdentityException("the DID document served for " + did + " is about " + doc.id());
        }
        String endpoint = doc.pdsEndpoint().orElseThrow(() -> new NoPdsException(
                "the DID document of " + did + " names no PDS (#atproto_pds service)"));
        URI pds = carport.net.Hosts.requireServiceEndpoint(endpoint, "PDS endpoint of " + did);
        Optional<byte[]> log = Optional.empty();
        if (did.method().equals("plc")) {
            log = Optional.of(http.get(plcUri(did + "/log/audit"), "application/json", MAX_LOG,
                    (uri, status, headers, body) -> new DidNotFoundException(
                            "the PLC directory " + plc + " has no audit log for " + did + " (HTTP " + status + ")")));
        }
        Optional<String> handle = doc.claimedHandle();
        if (identifier instanceof Handle) {
            if (handle.isEmpty() || !handle.get().equalsIgnoreCase(identifier.toString())) {
                throw new IdentityException(identifier + " points to " + did + ", but that DID document claims "
                        + handle.map(h -> "the handle " + h).orElse("no handle") + "; the handle is not verified");
            }
        } else if (handle.isPresent() && !handleMatches(handle.get(), did)) {
            handle = Optional.empty();
        }
        return new ResolvedAccount(did, handle, pds, doc, json, log);
    }

    private boolean handleMatches(String handle, Did did) {
        if (!Handle.isValid(handle)) {
            return false;
        }
        try {
            return resolveHandle(Handle.parse(handle)).equals(did);
        } catch (RemoteException e) {
            return false;
        }
    }

    private byte[] fetchDocument(Did did) {
        HttpTransport.ErrorMapper notFound = (uri, status, headers, body) -> status == 404 || status == 410
                ? new DidNotFoundException("no DID document for " + did + " at " + uri.getHost()
                        + (status == 410 ? " (tombstoned)" : ""))
                : new XrpcException(uri.getHost() + " answered HTTP " + status + " for the DID document of " + did,
                        status, "");
        switch (did.method()) {
            case "plc":
                return http.get(plcUri(did.toString()), "application/did+ld+json, application/json", MAX_DOC, notFound);
            case "web":
                String host = URLDecoder.decode(did.identifier(), StandardCharsets.UTF_8);
                if (host.contains(":") && !host.startsWith("localhost")) {
                    throw new IdentityException("did:web with a path or port is not supported by atproto: " + did);
                }
                String scheme = carport.net.Hosts.isLoopback(host.split(":")[0]) ? "http" : "https";
                return http.get(URI.create(scheme + "://" + host + "/.well-known/did.json"), "application/json",
                        MAX_DOC, notFound);
            default:
                throw new IdentityException("unsupported DID method: " + did + " (atproto uses did:plc and did:web)");
        }
    }

    private URI plcUri(String path) {
        String base = plc.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/" + path);
    }

    /** DNS TXT first; the HTTPS well-known file if DNS has no answer. */
    private Did resolveHandle(Handle handle) {
        List<String> dids = new ArrayList<>();
        try {
            Lookup lookup = new Lookup("_atproto." + handle + ".", Type.TXT);
            Record[] records = lookup.run();
            if (records != null) {
                for (Record r : records) {
                    String txt = String.join("", ((TXTRecord) r).getStrings());
                    if (txt.startsWith("did=")) {
                        dids.add(txt.substring(4));
                    }
                }
            }
        } catch (TextParseException e) {
            throw new HandleNotFoundException(handle + " is not a valid DNS name");
        }
        if (dids.size() > 1 && dids.stream().distinct().count() > 1) {
            throw new IdentityException(handle + " has DNS records for more than one DID: " + dids);
        }
        if (!dids.isEmpty()) {
            if (!Did.isValid(dids.get(0))) {
                throw new IdentityException(handle + " has a DNS record with an invalid DID");
            }
            return Did.parse(dids.get(0));
        }
        try {
            byte[] body = http.get(URI.create("https://" + handle + "/.well-known/atproto-did"), "text/plain", 2048,
                    (uri, status, headers, b) -> new HandleNotFoundException("no DID for " + handle
                            + ": no DNS TXT record _atproto." + handle + " and HTTP " + status + " from " + uri));
            String s = new String(body, StandardCharsets.UTF_8).strip();
            if (!Did.isValid(s)) {
                throw new HandleNotFoundException("https://" + handle + "/.well-known/atproto-did is not a DID");
            }
            return Did.parse(s);
        } catch (HandleNotFoundException e) {
            throw e;
        } catch (RemoteException e) {
            throw new HandleNotFoundException("no DID for " + handle + ": no DNS TXT record, and " + e.getMessage(), e);
        }
    }
}
