package carport.net.xrpc;

import carport.core.cid.Cid;
import java.util.Objects;

/** The head of a repository as its PDS reports it (com.atproto.sync.getLatestCommit). */
public record LatestCommit(Cid cid, String rev) {
    public LatestCommit {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(rev, "rev");
    }
}
