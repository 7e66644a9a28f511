package carport.net.xrpc;

import carport.core.cid.Cid;
import carport.core.syntax.Did;
import carport.net.http.BadResponseException;
import carport.net.http.ProgressListener;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The public {@code com.atproto.sync.*} calls of a PDS, as an interface: what an exporter needs to
 * follow an account. {@link SyncClient} makes them over HTTP; another implementation may answer
 * them from elsewhere (a local mirror, or a test's in-memory PDS serving real CAR bytes).
 *
 * <p>Whatever answers must keep the promises callers rely on: a download appears at its target only
 * when complete (a failure leaves the target as it was), a blob's bytes hash to its CID, and every
 * failure is a {@link carport.net.RemoteException}: the account's state as the exceptions of this
 * package ({@link RepoNotFoundException}, {@link RepoTakendownException}, ...), the network's as
 * those of {@code carport.net.http}. Repository bytes are not trusted here: callers verify them.
 */
public interface SyncApi {
    /**
     * Downloads the repository as a CAR file (com.atproto.sync.getRepo) to {@code target},
     * replacing it atomically once complete.
     *
     * @param since only the blocks changed after this revision (a TID), if the PDS supports it
     * @return the number of bytes written
     */
    long getRepo(URI pds, Did did, Optional<String> since, Path target, ProgressListener progress);

    /**
     * Downloads one blob (com.atproto.sync.getBlob) to {@code target}. The bytes must hash to
     * {@code cid}; otherwise nothing is written and {@link BadResponseException} is thrown.
     *
     * @return the blob's size in bytes
     */
    long getBlob(URI pds, Did did, Cid cid, Path target, ProgressListener progress);

    /** Gives each blob CID of the account (com.atproto.sync.listBlobs) to {@code sink}, page by page. */
    void forEachBlob(URI pds, Did did, Optional<String> since, Consumer<Cid> sink);

    /** The current head commit CID and revision (com.atproto.sync.getLatestCommit). */
    LatestCommit getLatestCommit(URI pds, Did did);

    /** Whether the account is active on this PDS, and if not why (com.atproto.sync.getRepoStatus). */
    RepoStatus getRepoStatus(URI pds, Did did);

    /**
     * Downloads the whole repository of {@code did} from {@code pds} (its DID document names it:
     * {@link carport.net.identity.ResolvedIdentity#requirePds()}) as a CAR file to {@code target}.
     *
     * @return the number of bytes written
     */
    default long getRepo(URI pds, Did did, Path target) {
        return getRepo(pds, did, Optional.empty(), target, ProgressListener.NONE);
    }

    /** {@link #getBlob(URI, Did, Cid, Path, ProgressListener)} without progress. */
    default long getBlob(URI pds, Did did, Cid cid, Path target) {
        return getBlob(pds, did, cid, target, ProgressListener.NONE);
    }

    /** All blob CIDs of an account, in server order without duplicates. */
    default List<Cid> listBlobs(URI pds, Did did, Optional<String> since) {
        Set<Cid> all = new LinkedHashSet<>();
        forEachBlob(pds, did, since, all::add);
        return List.copyOf(all);
    }
}
