package carport.net.pds;

import java.util.Optional;

/**
 * What {@code com.atproto.server.checkAccountStatus} says about the logged-in account on its PDS.
 * After a migration, proof that blobs arrived is {@code importedBlobs == expectedBlobs} together
 * with an empty {@code listMissingBlobs}.
 */
public record AccountStatus(boolean activated, boolean validDid, Optional<String> repoCommit,
        Optional<String> repoRev, long repoBlocks, long indexedRecords, long privateStateValues,
        long expectedBlobs, long importedBlobs) {
}
