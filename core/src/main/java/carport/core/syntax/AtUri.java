package carport.core.syntax;

import java.util.Optional;

/**
 * An AT URI in the restricted form Lexicon uses: {@code at://<did-or-handle>[/<nsid>[/<rkey>]]},
 * with no query, fragment or trailing slash, at most 8 KB. {@link #toString} gives the normalised
 * form (handle authority lower-cased).
 */
public final class AtUri {
    public static final int MAX_LENGTH = 8 * 1024;
    private static final String PREFIX = "at://";

    private final AtIdentifier authority;
    private final Nsid collection;
    private final RecordKey rkey;
    private final String value;

    private AtUri(AtIdentifier authority, Nsid collection, RecordKey rkey) {
        this.authority = authority;
        this.collection = collection;
        this.rkey = rkey;
        StringBuilder sb = new StringBuilder(PREFIX).append(authority);
        if (collection != null) {
            sb.append('/').append(collection);
            if (rkey != null) {
                sb.append('/').append(rkey);
            }
        }
        this.value = sb.toString();
    }

    public static AtUri of(AtIdentifier authority, Nsid collection, RecordKey rkey) {
        if (authority == null || (rkey != null && collection == null)) {
            throw new IllegalArgumentException("AT URI needs an authority, and a collection before an rkey");
        }
        return new AtUri(authority, collection, rkey);
    }

    public static AtUri parse(String s) {
        AtUri u = tryParse(s);
        if (u == null) {
            throw new InvalidSyntaxException("AT URI", s);
        }
        return u;
    }

    public static boolean isValid(String s) {
        return tryParse(s) != null;
    }

    private static AtUri tryParse(String s) {
        if (s == null || s.length() > MAX_LENGTH || !s.startsWith(PREFIX)) {
            return null;
        }
        int n = s.length();
        int a = PREFIX.length();
        int slash1 = s.indexOf('/', a);
        int authEnd = slash1 < 0 ? n : slash1;
        String auth = s.substring(a, authEnd);
        if (!AtIdentifier.isValid(auth)) {
            return null;
        }
        AtIdentifier authority = AtIdentifier.parse(auth);
        if (slash1 < 0) {
            return new AtUri(authority, null, null);
        }
        int slash2 = s.indexOf('/', slash1 + 1);
        int collEnd = slash2 < 0 ? n : slash2;
        Nsid collection = Nsid.parse(s, slash1 + 1, collEnd);
        if (collection == null) {
            return null;
        }
        if (slash2 < 0) {
            return new AtUri(authority, collection, null);
        }
        RecordKey rkey = RecordKey.parse(s, slash2 + 1, n); // a further '/' is not a key char
        return rkey == null ? null : new AtUri(authority, collection, rkey);
    }

    public AtIdentifier authority() {
        return authority;
    }

    public Optional<Nsid> collection() {
        return Optional.ofNullable(collection);
    }

    public Optional<RecordKey> rkey() {
        return Optional.ofNullable(rkey);
    }

    /** The repo path, if this URI names a record. */
    public Optional<RepoPath> repoPath() {
        return rkey == null ? Optional.empty() : Optional.of(RepoPath.of(collection, rkey));
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AtUri u && u.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
