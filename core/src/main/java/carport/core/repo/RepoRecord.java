package carport.core.repo;

import carport.core.cid.Cid;
import carport.core.syntax.RepoPath;

/** One MST leaf: a repo path {@code <collection>/<rkey>} and the CID of the record block. */
public record RepoRecord(String key, Cid cid) {
    /** The part before the first '/', or the whole key if it has none. */
    public String collection() {
        int i = key.indexOf('/');
        return i < 0 ? key : key.substring(0, i);
    }

    /** The part after the first '/', or "" if there is none. */
    public String rkey() {
        int i = key.indexOf('/');
        return i < 0 ? "" : key.substring(i + 1);
    }

    /** The key as a checked repo path; throws {@link carport.core.InvalidDataException} if it is not one. */
    public RepoPath path() {
        return RepoPath.parse(key);
    }
}
