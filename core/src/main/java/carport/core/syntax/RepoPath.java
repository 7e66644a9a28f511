package carport.core.syntax;

/**
 * A repository path, which is also the MST key of a record: {@code <collection>/<rkey>}, an NSID,
 * one slash, a record key. Sorts like the MST does (the string is ASCII, so char order equals
 * byte order).
 */
public final class RepoPath implements Comparable<RepoPath> {
    private final String value;
    private final Nsid collection;
    private final RecordKey rkey;

    private RepoPath(String value, Nsid collection, RecordKey rkey) {
        this.value = value;
        this.collection = collection;
        this.rkey = rkey;
    }

    public static RepoPath of(Nsid collection, RecordKey rkey) {
        return new RepoPath(collection + "/" + rkey, collection, rkey);
    }

    public static RepoPath parse(String s) {
        RepoPath p = tryParse(s);
        if (p == null) {
            throw new InvalidSyntaxException("repo path", s);
        }
        return p;
    }

    public static boolean isValid(String s) {
        if (s == null) {
            return false;
        }
        int slash = s.indexOf('/');
        return slash > 0 && Nsid.isValid(s.substring(0, slash))
                && RecordKey.check(s, slash + 1, s.length());
    }

    private static RepoPath tryParse(String s) {
        if (s == null) {
            return null;
        }
        int slash = s.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        Nsid c = Nsid.parse(s, 0, slash);
        if (c == null) {
            return null;
        }
        RecordKey r = RecordKey.parse(s, slash + 1, s.length());
        return r == null ? null : new RepoPath(s, c, r);
    }

    public Nsid collection() {
        return collection;
    }

    public RecordKey rkey() {
        return rkey;
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepoPath p && p.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(RepoPath o) {
        return value.compareTo(o.value);
    }
}
