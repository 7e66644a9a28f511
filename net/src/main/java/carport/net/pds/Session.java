package carport.net.pds;

import carport.core.syntax.Did;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A logged-in session: who the account is, and the tokens (never shown by {@link #toString()}).
 * {@link #isAppPassword()} reads the access token's {@code scope} claim: an app-password session
 * cannot get a service-auth token for {@code createAccount} nor sign PLC operations.
 */
public final class Session {
    /** The scope of a session made with the account's main password. */
    public static final String SCOPE_ACCESS = "com.atproto.access";

    private final Did did;
    private final String handle;
    private final Optional<String> email;
    private final boolean active;
    private final Optional<String> status;
    private final Secret accessJwt;
    private final Secret refreshJwt;
    private final String scope;

    Session(Did did, String handle, Optional<String> email, boolean active, Optional<String> status,
            Secret accessJwt, Secret refreshJwt) {
        this.did = Objects.requireNonNull(did, "did");
        this.handle = Objects.requireNonNull(handle, "handle");
        this.email = Objects.requireNonNull(email, "email");
        this.active = active;
        this.status = Objects.requireNonNull(status, "status");
        this.accessJwt = Objects.requireNonNull(accessJwt, "accessJwt");
        this.refreshJwt = refreshJwt;
        this.scope = scopeOf(accessJwt.reveal());
    }

    public Did did() {
        return did;
    }

    public String handle() {
        return handle;
    }

    /** The account's email, when the PDS says (it does to the account itself). */
    public Optional<String> email() {
        return email;
    }

    /** Whether the account is active on this PDS (false when deactivated, taken down, ...). */
    public boolean active() {
        return active;
    }

    /** Why the account is not active ("deactivated", "takendown", ...), if it is not. */
    public Optional<String> status() {
        return status;
    }

    /** The access token's scope claim ("com.atproto.access", "com.atproto.appPass", ...), or "" if unreadable. */
    public String scope() {
        return scope;
    }

    /** True for a session made with an app password (any scope other than full access). */
    public boolean isAppPassword() {
        return !scope.isEmpty() && !scope.equals(SCOPE_ACCESS);
    }

    Secret accessJwt() {
        return accessJwt;
    }

    Optional<Secret> refreshJwt() {
        return Optional.ofNullable(refreshJwt);
    }

    Session withAccount(String handle, Optional<String> email, boolean active, Optional<String> status) {
        return new Session(did, handle, email.isPresent() ? email : this.email, active, status, accessJwt, refreshJwt);
    }

    /** Reads the unverified payload of a JWT for its scope; the PDS checks the token, this only reads it. */
    static String scopeOf(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return "";
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload);
            return n != null && n.path("scope").isTextual() ? n.get("scope").asText() : "";
        } catch (IllegalArgumentException | java.io.IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "Session[" + did + ", " + handle + (isAppPassword() ? ", app password" : "") + "]";
    }
}
