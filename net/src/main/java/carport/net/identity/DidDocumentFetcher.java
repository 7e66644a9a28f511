package carport.net.identity;

import carport.core.InvalidDataException;
import carport.core.identity.DidDocument;
import carport.core.syntax.Did;
import carport.core.syntax.Handle;
import carport.net.RemoteException;
import carport.net.http.BadResponseException;
import carport.net.http.HttpTransport;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Fetches DID documents (did:plc from a PLC directory, did:web from its host) and PLC audit logs. */
final class DidDocumentFetcher {
    private static final int MAX_DOCUMENT = 512 * 1024;
    private static final int MAX_AUDIT_LOG = 64 * 1024 * 1024;
    private static final String DOC_TYPES = "application/did+ld+json, application/json;q=0.9";
    private static final Pattern PLC_ID = Pattern.compile("[a-z2-7]{24}");

    private final HttpTransport http;
    private final URI plcHost;

    DidDocumentFetcher(HttpTransport http, URI plcHost) {
        this.http = http;
        this.plcHost = plcHost;
    }

    DidDocument fetch(Did did) {
        URI uri = switch (did.method()) {
            case "plc" -> plcUri(did, "");
            case "web" -> didWebUri(did);
            default -> throw new IdentityException("DID method did:" + did.method()
                    + " is not supported; atproto accounts use did:plc or did:web");
        };
        byte[] json = http.get(uri, DOC_TYPES, MAX_DOCUMENT, (u, status, headers, body) -> notFound(did, u, status));
        DidDocument doc;
        try {
            doc = DidDocument.parse(json);
        } catch (InvalidDataException e) {
            throw new BadResponseException(HttpTransport.host(uri) + " sent an unusable DID document for " + did
                    + ": " + e.getMessage());
        }
        if (!doc.id().equals(did)) {
            throw new IdentityException(HttpTransport.host(uri) + " sent the DID document of "
                    + HttpTransport.oneLine(doc.id().toString(), 100) + " when asked for " + did);
        }
        return doc;
    }

    byte[] plcAuditLog(Did did) {
        if (!did.method().equals("plc")) {
            throw new IdentityException(did + " is not a did:plc; only did:plc identities have a PLC audit log");
        }
        URI uri = plcUri(did, "/log/audit");
        return http.get(uri, "application/json", MAX_AUDIT_LOG, (u, status, headers, body) -> notFound(did, u, status));
    }

    private URI plcUri(Did did, String suffix) {
        if (!PLC_ID.matcher(did.identifier()).matches()) {
            throw new IdentityException(did + " is not a valid did:plc (24 characters of a-z and 2-7 after did:plc:)");
        }
        return URI.create(plcHost + "/" + did + suffix);
    }

    /**
     * {@code https://<host>/.well-known/did.json}. atproto allows only hostname-level did:web; a
     * port (percent-encoded colon) only on localhost, which is then fetched over plain http as the
     * reference implementation does for local development.
     */
    static URI didWebUri(Did did) {
        String id = did.identifier();
        if (id.contains(":")) {
            throw new IdentityException(did + " is a path-based did:web, which atproto does not support");
        }
        String decoded = URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8);
        String host = decoded;
        String port = "";
        int colon = decoded.indexOf(':');
        if (colon >= 0) {
            host = decoded.substring(0, colon);
            port = decoded.substring(colon + 1);
            if (!host.equalsIgnoreCase("localhost")) {
                throw new IdentityException(did + " names a port; atproto allows a did:web port only for localhost");
            }
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65535) {
                throw new IdentityException(did + " has an invalid port '" + port + "'");
            }
        }
        if (host.equalsIgnoreCase("localhost")) {
            return URI.create("http://localhost" + (port.isEmpty() ? "" : ":" + port) + "/.well-known/did.json");
        }
        if (!Handle.isValid(host)) {
            throw new IdentityException(did + " does not name a valid host name");
        }
        Handle asName = Handle.parse(host);
        if (asName.isDisallowedTld()) {
            throw new IdentityException(did + " is on a reserved TLD, which atproto does not resolve");
        }
        return URI.create("https://" + asName + "/.well-known/did.json");
    }

    private static RemoteException notFound(Did did, URI uri, int status) {
        String host = HttpTransport.host(uri);
        boolean plc = did.method().equals("plc");
        if (status == 404) {
            return new DidNotFoundException(plc
                    ? did + " is not registered in the PLC directory " + host
                            + "; check the DID (or --plc-host, for a private directory)"
                    : did + " has no DID document: " + uri + " answered HTTP 404");
        }
        if (status == 410) {
            return new DidNotFoundException(plc
                    ? did + " has been deactivated (tombstoned) in the PLC directory " + host
                            + "; it has no DID document any more"
                    : did + " is gone: " + uri + " answered HTTP 410");
        }
        return new BadResponseException(host + " answered HTTP " + status + " when asked for "
                + (uri.getPath().endsWith("/log/audit") ? "the audit log of " : "the DID document of ") + did
                + (status >= 500 ? "; the service is failing, try again later" : ""));
    }
}
