package carport.net.pds;

import carport.core.cid.Cid;
import carport.core.syntax.Did;
import carport.net.http.HttpConfig;
import carport.net.http.HttpTransport;
import carport.net.http.ProgressListener;
import carport.net.xrpc.SyncClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The anonymous calls of one PDS and the way in: {@link #login} ({@code createSession}) and
 * {@link #createAccount}. What a logged-in account can do is on the {@link PdsSession} they
 * return. Thread-safe.
 */
public final class PdsClient {
    private final Xrpc xrpc;

    public PdsClient(HttpConfig config, URI pds) {
        this(new HttpTransport(config), pds);
    }

    public PdsClient(HttpTransport http, URI pds) {
        this.xrpc = new Xrpc(http, Objects.requireNonNull(pds, "pds"));
    }

    /** The PDS's URL. */
    public URI uri() {
        return xrpc.pds();
    }

    /** {@code com.atproto.server.describeServer}: the PDS's DID, invite-code policy, handle domains. */
    public ServerDescription describeServer() {
        String nsid = "com.atproto.server.describeServer";
        JsonNode n = xrpc.get(nsid, null);
        Did did;
        try {
            did = Did.parse(xrpc.requiredText(nsid, n, "did"));
        } catch (RuntimeException e) {
            throw xrpc.malformed(nsid, "its \"did\" is not a DID");
        }
        List<String> domains = new ArrayList<>();
        n.path("availableUserDomains").forEach(d -> {
            if (d.isTextual()) {
                domains.add(d.asText());
            }
        });
        return new ServerDescription(did, n.path("inviteCodeRequired").asBoolean(false), domains);
    }

    /**
     * {@code com.atproto.server.createSession}: logs in with a handle, DID or email and a
     * password (the main one or an app password; {@link Session#isAppPassword()} tells which).
     *
     * @throws PdsException {@link PdsException.Kind#WRONG_PASSWORD}, {@link PdsException.Kind#TAKEN_DOWN}, ...
     */
    public PdsSession login(String identifier, Secret password) {
        ObjectNode body = Xrpc.JSON.createObjectNode();
        body.put("identifier", identifier);
        body.put("password", password.reveal());
        JsonNode n = xrpc.post("com.atproto.server.createSession", null, body, true);
        return new PdsSession(xrpc, PdsSession.session(xrpc, "com.atproto.server.createSession", n));
    }

    /** The fields of {@code com.atproto.server.createAccount} for an existing DID (a migration or restore). */
    public record NewAccount(Did did, String handle, Optional<String> email, Secret password,
            Optional<String> inviteCode) {
        public NewAccount {
            Objects.requireNonNull(did, "did");
            Objects.requireNonNull(handle, "handle");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(inviteCode, "inviteCode");
        }
    }

    /**
     * {@code com.atproto.server.createAccount} for an existing DID, authorised by a service-auth
     * token that the DID's {@code #atproto} key signed (from the old PDS's getServiceAuth, or
     * minted offline in a restore). The account starts deactivated. Not retried: a second call
     * answers {@link PdsException.Kind#ALREADY_EXISTS}, and the caller then logs in.
     */
    public PdsSession createAccount(NewAccount account, Secret serviceAuthToken) {
        ObjectNode body = Xrpc.JSON.createObjectNode();
        body.put("did", account.did().toString());
        body.put("handle", account.handle());
        account.email().ifPresent(e -> body.put("email", e));
        body.put("password", account.password().reveal());
        account.inviteCode().ifPresent(c -> body.put("inviteCode", c));
        String nsid = "com.atproto.server.createAccount";
        JsonNode n = xrpc.post(nsid, serviceAuthToken, body, false);
        Session s = PdsSession.session(xrpc, nsid, n);
        if (!s.did().equals(account.did())) {
            throw xrpc.malformed(nsid, "it created " + s.did() + ", not " + account.did());
        }
        return new PdsSession(xrpc, s);
    }

    /**
     * {@code com.atproto.sync.getBlob} (public, no credentials): the blob's bytes into
     * {@code target}, checked against {@code cid}, written atomically.
     */
    public long getBlob(Did did, Cid cid, Path target, ProgressListener progress) {
        return new SyncClient(xrpc.http()).getBlob(uri(), did, cid, target, progress);
    }

    @Override
    public String toString() {
        return "PdsClient[" + uri() + "]";
    }
}
