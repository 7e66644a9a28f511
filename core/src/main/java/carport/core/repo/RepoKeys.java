package carport.core.repo;

/**
 * The repo path rule for MST keys: {@code <collection>/<record-key>}, ASCII from a small set. This is
 * the structural check only; NSID and record-key grammar are checked by the syntax types.
 */
final class RepoKeys {
    private RepoKeys() {}

    /** A reason the key is not a repo path, or null. */
    static String check(byte[] key) {
        int slash = -1;
        for (int i = 0; i < key.length; i++) {
            int c = key[i] & 0xff;
            if (c == '/') {
                if (slash >= 0) {
                    return "more than one '/'";
                }
                slash = i;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                    || c == '_' || c == '~' || c == ':')) {
                return "character 0x" + Integer.toHexString(c) + " is not allowed in a repo path";
            }
        }
        if (slash < 0) {
            return "not of the form <collection>/<record-key>";
        }
        if (slash == 0 || slash == key.length - 1) {
            return "empty collection or record key";
        }
        int rk = key.length - slash - 1;
        if (rk > 512) {
            return "record key longer than 512 characters";
        }
        if (rk == 1 && key[slash + 1] == '.' || rk == 2 && key[slash + 1] == '.' && key[slash + 2] == '.') {
            return "record key \".\" or \"..\"";
        }
        return null;
    }
}
