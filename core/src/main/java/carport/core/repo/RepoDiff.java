package carport.core.repo;

import carport.core.cid.Cid;
import carport.core.syntax.RepoPath;
import java.util.List;

/**
 * The record changes between two repositories (see {@link Repository#diff}), in key order.
 *
 * @param changes every added, updated and deleted record
 */
public record RepoDiff(List<Change> changes) {
    public RepoDiff {
        changes = List.copyOf(changes);
    }

    /**
     * One changed record.
     *
     * @param key the record's MST key (a repo path in any valid repository; see {@link #path()})
     * @param before its CID in the older repository; null if it was added
     * @param after its CID in the newer repository; null if it was deleted
     */
    public record Change(String key, Cid before, Cid after) {
        public Change {
            java.util.Objects.requireNonNull(key, "key");
            if (before == null && after == null) {
                throw new IllegalArgumentException("a change needs a CID before or after");
            }
        }

        public boolean isAdded() {
            return before == null;
        }

        public boolean isDeleted() {
            return after == null;
        }

        public boolean isUpdated() {
            return before != null && after != null;
        }

        /** The key as a repo path; throws {@link carport.core.InvalidDataException} if it is not one. */
        public RepoPath path() {
            return RepoPath.parse(key);
        }
    }

    public List<Change> added() {
        return changes.stream().filter(Change::isAdded).toList();
    }

    public List<Change> updated() {
        return changes.stream().filter(Change::isUpdated).toList();
    }

    public List<Change> deleted() {
        return changes.stream().filter(Change::isDeleted).toList();
    }

    /** True if the two trees hold the same records. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
