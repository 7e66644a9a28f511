package carport.net.xrpc;

import carport.core.syntax.Did;
import java.util.Objects;
import java.util.Optional;

/**
 * An account's hosting status as its PDS reports it (com.atproto.sync.getRepoStatus).
 *
 * @param status when not active: "takendown", "suspended", "deactivated", ... (open set)
 * @param rev the current revision, when the PDS says
 */
public record RepoStatus(Did did, boolean active, Optional<String> status, Optional<String> rev) {
    public RepoStatus {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(rev, "rev");
    }
}
