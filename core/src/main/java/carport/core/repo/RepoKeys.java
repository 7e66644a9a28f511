package carport.core.repo;

import carport.core.syntax.Nsid;
import carport.core.syntax.RecordKey;
import carport.core.syntax.RepoPath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses MST keys as atproto repo paths ({@code <collection NSID>/<record key>}), straight from the key
 * bytes. The one place the rule is applied: the verifier, the unpacker and {@code list-records} all
 * read keys through it.
 *
 * <p>An instance remembers the last collection that passed: a walk hands out keys in order, so runs of
 * keys share a collection and its NSID is checked (and its {@link Nsid} built) once per run instead of
 * once per key. After {@link #check} returns null, {@link #slash()}, {@link #collection()} and
 * {@link #rkey()} describe that key; {@link #collection()} returns the same object for the whole run,
 * so {@code !=} tells a caller a new collection has begun. Not thread-safe: one per walk.
 *
 * <pre>{@code
 * RepoKeys keys = new RepoKeys();
 * String problem = keys.check(key);
 * if (problem == null) {
 *     Nsid collection = keys.collection();
 *     String rkey = keys.rkey();
 * }
 * }</pre>
 */
public final class RepoKeys {
    private byte[] lastCollection;
    private Nsid collection;
    private byte[] key;
    private int slash = -1;

    /** A reason {@code key} is not a repo path, or null if it is one. For one-off checks; walks use an instance. */
    public static String problem(byte[] key) {
        return new RepoKeys().check(key);
    }

    /**
     * Checks one key: null if it is a valid repo path (then the accessors describe it), otherwise a one-line
     * reason (quoting at most the offending part; the accessors are then undefined).
     */
    public String check(byte[] key) {
        this.key = null;
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
            String c = new String(key, 0, slash, StandardCharsets.US_ASCII);
            if (!Nsid.isValid(c)) {
                return "collection \"" + c + "\" is not a valid NSID";
            }
            collection = Nsid.parse(c);
            lastCollection = Arrays.copyOf(key, slash);
        }
        if (!validRkey(key, slash + 1)) {
            return "record key \"" + new String(key, slash + 1, key.length - slash - 1, StandardCharsets.US_ASCII)
                    + "\" is not valid";
        }
        this.key = key;
        this.slash = slash;
        return null;
    }

    private static boolean validRkey(byte[] key, int from) {
        int len = key.length - from;
        if (len < 1 || len > RecordKey.MAX_LENGTH) {
            return false;
        }
        for (int i = from; i < key.length; i++) {
            if (!RecordKey.isKeyChar((char) key[i])) {
                return false;
            }
        }
        return !(key[from] == '.' && (len == 1 || (len == 2 && key[from + 1] == '.')));
    }

    /**
     * Where the collection part of any key ends: the first '/', or the key's length if it has none. For
     * grouping keys that may not be valid (an inspection counts them too); valid keys are parsed by
     * {@link #check}.
     */
    public static int collectionEnd(byte[] key) {
        int slash = 0;
        while (slash < key.length && key[slash] != '/') {
            slash++;
        }
        return slash;
    }

    /** The position of the '/' in the key last checked. */
    public int slash() {
        requireChecked();
        return slash;
    }

    /** The collection of the key last checked; the same object for a run of keys in one collection. */
    public Nsid collection() {
        requireChecked();
        return collection;
    }

    /** The record key of the key last checked, as a string (already valid). */
    public String rkey() {
        requireChecked();
        return new String(key, slash + 1, key.length - slash - 1, StandardCharsets.US_ASCII);
    }

    /** The key last checked as a {@link RepoPath}. */
    public RepoPath path() {
        requireChecked();
        return RepoPath.of(collection, RecordKey.parse(rkey()));
    }

    private void requireChecked() {
        if (key == null) {
            throw new IllegalStateException("no valid key checked");
        }
    }
}
