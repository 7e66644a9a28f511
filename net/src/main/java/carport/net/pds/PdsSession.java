package carport.net.pds;

import carport.core.InvalidDataException;
import carport.core.cid.Cid;
import carport.core.syntax.Did;
import carport.net.http.HttpTransport;
import carport.net.pds.PdsException.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The calls of a logged-in account on its PDS. When the access token expires, the session is
 * renewed once with its refresh token ({@code refreshSession}) and the call repeated. Thread-safe.
 */
public final class PdsSession {
    /** The largest page listMissingBlobs allows. */
    static final int MISSING_PAGE = 1000;
    private static final int MAX_PAGES = 100_000;

    private final Xrpc xrpc;
    private Session session;

    PdsSession(Xrpc xrpc, Session session) {
        this.xrpc = xrpc;
        this.session = session;
    }

    /** The PDS's URL. */
    public URI uri() {
        return xrpc.pds();
    }

    public synchronized Session session() {
        return session;
    }

    public Did did() {
        return session().did();
    }

    /**
     * Fails with {@link Kind#APP_PASSWORD} (before anything is sent) when this session was made with
     * an app password: {@code what} needs the account's main password.
     */
    public void requireMainPassword(String what) {
        Session s = session();
        if (s.isAppPassword()) {
            throw new PdsException(Kind.APP_PASSWORD, "that is an app password (" + s.scope() + "); " + what
                    + " needs the account's main password", 0, "");
        }
    }

    /** {@code com.atproto.server.refreshSession}: new tokens from the refresh token. */
    public synchronized Session refresh() {
        Secret refresh = session.refreshJwt().orElseThrow(() -> new PdsException(Kind.TOKEN_EXPIRED,
                "the session on " + HttpTransport.host(uri()) + " has expired; run the command again", 0, ""));
        String nsid = "com.atproto.server.refreshSession";
        JsonNode n = xrpc.post(nsid, refresh, null, false);
        Session s = session(xrpc, nsid, n);
        if (!s.did().equals(session.did())) {
            throw xrpc.malformed(nsid, "it is for " + s.did() + ", not " + session.did());
        }
        session = s;
        return s;
    }

    /** {@code com.atproto.server.getSession}: the account's handle, email and status now. */
    public Session getSession() {
        String nsid = "com.atproto.server.getSession";
        JsonNode n = authed(t -> xrpc.get(nsid, t));
        synchronized (this) {
            session = session.withAccount(xrpc.requiredText(nsid, n, "handle"), text(n, "email"),
                    n.path("active").asBoolean(true), text(n, "status"));
            return session;
        }
    }

    /**
     * {@code com.atproto.server.getServiceAuth}: a token, signed by the account's key, that lets
     * {@code aud} (a service DID) accept {@code lxm} from this account for {@code ttl} (at most an
     * hour). For {@code com.atproto.server.createAccount} the PDS refuses app-password sessions.
     */
    public Secret getServiceAuth(Did aud, String lxm, Duration ttl) {
        String nsid = "com.atproto.server.getServiceAuth";
        String exp = Long.toString(Instant.now().plus(ttl).getEpochSecond());
        JsonNode n = authed(t -> xrpc.get(nsid, t, "aud", aud.toString(), "lxm", lxm, "exp", exp));
        return Secret.of(xrpc.requiredText(nsid, n, "token"));
    }

    /**
     * {@code com.atproto.repo.importRepo}: the CAR file streamed from disk. The PDS checks neither
     * the commit's signature nor its DID: the caller must have verified the CAR.
     */
    public void importRepo(Path car) {
        authed(t -> xrpc.postFile("com.atproto.repo.importRepo", t, car, "application/vnd.ipld.car"));
    }

    /**
     * {@code com.atproto.repo.uploadBlob}: the file streamed from disk; returns the CID the PDS
     * computed, which the caller compares with the one it expects.
     */
    public Cid uploadBlob(Path file, String mimeType) {
        String nsid = "com.atproto.repo.uploadBlob";
        JsonNode n = authed(t -> xrpc.postFile(nsid, t, file, mimeType));
        JsonNode link = n.path("blob").path("ref").path("$link");
        if (!link.isTextual()) {
            throw xrpc.malformed(nsid, "no blob.ref.$link");
        }
        try {
            return Cid.parse(link.asText());
        } catch (InvalidDataException e) {
            throw xrpc.malformed(nsid, e.getMessage());
        }
    }

    /** {@code com.atproto.repo.listMissingBlobs}, every page: blobs records reference that the PDS lacks. */
    public void listMissingBlobs(Consumer<MissingBlob> sink) {
        String nsid = "com.atproto.repo.listMissingBlobs";
        String cursor = null;
        Set<String> seen = new HashSet<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            String c = cursor;
            JsonNode n = authed(t -> c == null
                    ? xrpc.get(nsid, t, "limit", Integer.toString(MISSING_PAGE))
                    : xrpc.get(nsid, t, "limit", Integer.toString(MISSING_PAGE), "cursor", c));
            JsonNode blobs = n.get("blobs");
            if (blobs == null || !blobs.isArray()) {
                throw xrpc.malformed(nsid, "no \"blobs\" array");
            }
            if (blobs.size() > MISSING_PAGE) {
                throw xrpc.malformed(nsid, "a page of " + blobs.size() + " entries; " + MISSING_PAGE + " were asked for");
            }
            for (JsonNode b : blobs) {
                try {
                    sink.accept(new MissingBlob(Cid.parse(xrpc.requiredText(nsid, b, "cid")),
                            b.path("recordUri").asText("")));
                } catch (InvalidDataException e) {
                    throw xrpc.malformed(nsid, e.getMessage());
                }
            }
            JsonNode next = n.get("cursor");
            if (blobs.isEmpty() || next == null || !next.isTextual() || next.asText().isEmpty()
                    || !seen.add(next.asText())) {
                return;
            }
            cursor = next.asText();
        }
        throw xrpc.malformed(nsid, "its cursor did not end after " + MAX_PAGES + " pages");
    }

    /** {@code com.atproto.server.checkAccountStatus}. */
    public AccountStatus checkAccountStatus() {
        JsonNode n = authed(t -> xrpc.get("com.atproto.server.checkAccountStatus", t));
        return new AccountStatus(n.path("activated").asBoolean(false), n.path("validDid").asBoolean(false),
                text(n, "repoCommit"), text(n, "repoRev"), n.path("repoBlocks").asLong(0),
                n.path("indexedRecords").asLong(0), n.path("privateStateValues").asLong(0),
                n.path("expectedBlobs").asLong(0), n.path("importedBlobs").asLong(0));
    }

    /** {@code com.atproto.server.activateAccount} (no body; the PDS refuses an empty {@code {}}). */
    public void activateAccount() {
        authed(t -> xrpc.post("com.atproto.server.activateAccount", t, null, true));
    }

    /** {@code com.atproto.server.deactivateAccount} (body {@code {}}; the PDS refuses none). */
    public void deactivateAccount() {
        authed(t -> xrpc.post("com.atproto.server.deactivateAccount", t, Xrpc.JSON.createObjectNode(), true));
    }

    /** {@code com.atproto.identity.getRecommendedDidCredentials}. */
    public DidCredentials getRecommendedDidCredentials() {
        String nsid = "com.atproto.identity.getRecommendedDidCredentials";
        JsonNode n = authed(t -> xrpc.get(nsid, t));
        try {
            return DidCredentials.of(n);
        } catch (IllegalArgumentException e) {
            throw xrpc.malformed(nsid, e.getMessage());
        }
    }

    /** {@code com.atproto.identity.requestPlcOperationSignature}: the PDS emails the account a token. */
    public void requestPlcOperationSignature() {
        authed(t -> xrpc.post("com.atproto.identity.requestPlcOperationSignature", t, null, true));
    }

    /**
     * {@code com.atproto.identity.signPlcOperation}: the PDS signs, with its rotation key, a PLC
     * operation setting these credentials. The emailed token is single-use: not retried.
     *
     * @return the signed operation, for {@code submitPlcOperation}
     */
    public ObjectNode signPlcOperation(Secret emailToken, DidCredentials credentials) {
        String nsid = "com.atproto.identity.signPlcOperation";
        ObjectNode body = credentials.toJson();
        body.put("token", emailToken.reveal());
        JsonNode n = authed(t -> xrpc.post(nsid, t, body, false));
        JsonNode op = n.get("operation");
        if (op == null || !op.isObject()) {
            throw xrpc.malformed(nsid, "no \"operation\" object");
        }
        return (ObjectNode) op;
    }

    /** {@code com.atproto.identity.submitPlcOperation}: the PDS checks the operation and sends it to the PLC. */
    public void submitPlcOperation(ObjectNode operation) {
        ObjectNode body = Xrpc.JSON.createObjectNode();
        body.set("operation", operation);
        authed(t -> xrpc.post("com.atproto.identity.submitPlcOperation", t, body, false));
    }

    /** {@code app.bsky.actor.getPreferences}: the account's private preferences, as the PDS stores them. */
    public ArrayNode getPreferences() {
        String nsid = "app.bsky.actor.getPreferences";
        JsonNode n = authed(t -> xrpc.get(nsid, t));
        JsonNode p = n.get("preferences");
        if (p == null || !p.isArray()) {
            throw xrpc.malformed(nsid, "no \"preferences\" array");
        }
        return (ArrayNode) p;
    }

    /** {@code app.bsky.actor.putPreferences}: replaces the account's preferences. */
    public void putPreferences(ArrayNode preferences) {
        ObjectNode body = Xrpc.JSON.createObjectNode();
        body.set("preferences", preferences);
        authed(t -> xrpc.post("app.bsky.actor.putPreferences", t, body, true));
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface Call {
        JsonNode with(Secret accessToken);
    }

    /** Makes a call with the access token; on an expired token, renews the session once and repeats it. */
    private JsonNode authed(Call call) {
        Session s = session();
        try {
            return call.with(s.accessJwt());
        } catch (PdsException e) {
            if (e.kind() != Kind.TOKEN_EXPIRED || s.refreshJwt().isEmpty()) {
                throw e;
            }
        }
        synchronized (this) {
            if (session == s) {
                refresh();
            }
        }
        return call.with(session().accessJwt());
    }

    static Session session(Xrpc xrpc, String nsid, JsonNode n) {
        Did did;
        try {
            did = Did.parse(xrpc.requiredText(nsid, n, "did"));
        } catch (InvalidDataException e) {
            throw xrpc.malformed(nsid, "its \"did\" is not a DID");
        }
        String access = xrpc.requiredText(nsid, n, "accessJwt");
        JsonNode refresh = n.get("refreshJwt");
        return new Session(did, xrpc.requiredText(nsid, n, "handle"), text(n, "email"),
                n.path("active").asBoolean(true), text(n, "status"), Secret.of(access),
                refresh != null && refresh.isTextual() && !refresh.asText().isEmpty() ? Secret.of(refresh.asText()) : null);
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? Optional.of(v.asText()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "PdsSession[" + uri() + ", " + session() + "]";
    }
}
