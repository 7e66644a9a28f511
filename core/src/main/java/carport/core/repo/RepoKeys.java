package carport.core.repo;

import carport.core.syntax.Nsid;
import carport.core.syntax.RecordKey;
import java.nio.charset.StandardCharsets;

/** The MST key rule of atproto repositories: a {@link carport.core.syntax.RepoPath}, taken as is. */
final class RepoKeys {
    private RepoKeys() {}

    /** A reason the key is not a repo path {@code <collection NSID>/<record key>}, or null. */
    static String check(byte[] key) {
        for (byte b : key) {
            if (b < 0x21 || b > 0x7e) {
                return "byte 0x" + Integer.toHexString(b & 0xff) + " is not allowed in a repo path";
            }
        }
        String s = new String(key, StandardCharsets.US_ASCII);
        int slash = s.indexOf('/');
        if (slash < 0) {
            return "not of the form <collection>/<record-key>";
        }
        if (!Nsid.isValid(s.substring(0, slash))) {
            return "collection \"" + s.substring(0, slash) + "\" is not a valid NSID";
        }
        if (!RecordKey.isValid(s.substring(slash + 1))) {
            return "record key \"" + s.substring(slash + 1) + "\" is not valid";
        }
        return null;
    }
}
