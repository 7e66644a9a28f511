package carport.core.repo;

import carport.core.syntax.Nsid;
import carport.core.syntax.RecordKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The MST key rule of atproto repositories: a {@link carport.core.syntax.RepoPath}, taken as is. An
 * instance remembers the last collection that passed: a walk hands out keys in order, so runs of keys
 * share a collection and its NSID is checked once per run instead of once per key.
 */
final class RepoKeys implements Function<byte[], String> {
    private byte[] lastCollection;

    /** A reason the key is not a repo path {@code <collection NSID>/<record key>}, or null. */
    static String check(byte[] key) {
        return new RepoKeys().apply(key);
    }

    /** Same as {@link #check}. */
    @Override
    public String apply(byte[] key) {
        int slash = -1;
        for (int i = 0; i < key.length; i++) {
            byte b = key[i];
            if (b < 0x21 || b > 0x7e) {
                return "byte 0x" + Integer.toHexString(b & 0xff) + " is not allowed in a repo path";
            }
            if (b == '/' && slash < 0) {
                slash = i;
            }
        }
        if (slash < 0) {
            return "not of the form <collection>/<record-key>";
        }
        if (lastCollection == null || !Arrays.equals(key, 0, slash, lastCollection, 0, lastCollection.length)) {
            String collection = new String(key, 0, slash, StandardCharsets.US_ASCII);
            if (!Nsid.isValid(collection)) {
                return "collection \"" + collection + "\" is not a valid NSID";
            }
            lastCollection = Arrays.copyOf(key, slash);
        }
        String rkey = new String(key, slash + 1, key.length - slash - 1, StandardCharsets.US_ASCII);
        if (!RecordKey.isValid(rkey)) {
            return "record key \"" + rkey + "\" is not valid";
        }
        return null;
    }
}
