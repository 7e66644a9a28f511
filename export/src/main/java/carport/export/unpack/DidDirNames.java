package carport.export.unpack;

import carport.core.InvalidDataException;
import carport.core.syntax.Did;
import java.nio.file.Path;

/**
 * Maps a DID to the relative directory {@code unpack-records} writes its records under, and back. On
 * Linux the name is the DID itself ({@code did:plc:...}); on file systems that fold case or forbid
 * {@code :} the DID is percent-escaped, and DIDs too long for one path component are cut into pieces,
 * with the same markers as {@link RecordFileNames} ({@code %} escaped, {@code +} piece). The rules are in
 * {@code docs/file-layout.md}.
 *
 * <p>No result is ever {@code .}, {@code ..}, empty, or contains a separator: DIDs consist of
 * {@code A-Z a-z 0-9 . _ : % -} only, a plain name starts with {@code did:}, an escaped one with
 * {@code %}, a piece with {@code +}.
 */
public final class DidDirNames {
    /** Case-sensitive, non-Windows file systems (typical Linux): the DID as it is. */
    public static final DidDirNames PLAIN = new DidDirNames(false, false);

    private final boolean caseInsensitive;
    private final boolean windows;

    private DidDirNames(boolean caseInsensitive, boolean windows) {
        this.caseInsensitive = caseInsensitive;
        this.windows = windows;
    }

    public static DidDirNames of(boolean caseInsensitive, boolean windows) {
        return new DidDirNames(caseInsensitive, windows);
    }

    /** The mode matching a record-file mode (as detected for the same directory). */
    public static DidDirNames like(RecordFileNames names) {
        return of(names.caseInsensitive(), names.windows());
    }

    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    public boolean windows() {
        return windows;
    }

    /** The directory for {@code did}, relative, components separated by {@code /} (usually just one). */
    public String relativePath(Did did) {
        String s = did.toString();
        boolean escaped = needsEscape(s);
        String body = escaped ? escape(s) : s;
        if (body.length() <= RecordFileNames.MAX_NAME_BYTES) {
            return body;
        }
        // Pieces "+...+" then a last "+..."; an escape triplet is never cut (plain names have no escapes:
        // a '%' in a plain name is just a character).
        StringBuilder out = new StringBuilder(body.length() + 16);
        int len = body.length();
        int max = RecordFileNames.MAX_NAME_BYTES - 2;
        int pos = 0;
        while (len - pos > RecordFileNames.MAX_NAME_BYTES - 1) {
            int end = pos;
            while (end < len && end - pos + unit(body, end, escaped) <= max) {
                end += unit(body, end, escaped);
            }
            out.append(NameEscapes.PIECE).append(body, pos, end).append(NameEscapes.PIECE).append('/');
            pos = end;
        }
        return out.append(NameEscapes.PIECE).append(body, pos, len).toString();
    }

    /** {@code base} resolved one component at a time. */
    public Path resolve(Path base, Did did) {
        Path p = base;
        for (String component : relativePath(did).split("/")) {
            p = p.resolve(component);
        }
        return p;
    }

    /**
     * The DID a relative directory path (components separated by {@code /}) stands for; only the exact
     * path this mode writes is accepted.
     */
    public Did parse(String relativePath) {
        Did did = tryParse(relativePath);
        if (did == null || !relativePath(did).equals(relativePath)) {
            throw new InvalidDataException("not a DID directory of this layout: "
                    + NameEscapes.quote(relativePath));
        }
        return did;
    }

    /**
     * A short, file-name-safe form of the DID for naming temporary entries (not reversible): letters,
     * digits and {@code -}, everything else {@code _}, at most 64 characters.
     */
    public static String tag(Did did) {
        String s = did.toString();
        int n = Math.min(s.length(), 64);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            sb.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' ? c
                    : c >= 'A' && c <= 'Z' ? (char) (c + 32) : '_');
        }
        return sb.toString();
    }

    private static int unit(String s, int i, boolean escaped) {
        return escaped && s.charAt(i) == NameEscapes.ESCAPE ? 3 : 1;
    }

    private boolean needsEscape(String did) {
        if (windows && did.endsWith(".")) {
            return true;
        }
        for (int i = 0; i < did.length(); i++) {
            if (needsEscape(did.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private boolean needsEscape(char c) {
        return caseInsensitive && c >= 'A' && c <= 'Z' || windows && c == ':';
    }

    /**
     * The first character, every character the mode cannot store, every {@code %} (so that decoding is
     * unambiguous) and, on Windows, a final {@code .} (Windows drops it) become {@code %XX}.
     */
    private String escape(String did) {
        StringBuilder sb = new StringBuilder(did.length() + 24);
        int last = did.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = did.charAt(i);
            if (i == 0 || c == NameEscapes.ESCAPE || needsEscape(c) || windows && i == last && c == '.') {
                NameEscapes.appendEscaped(sb, c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Did tryParse(String path) {
        if (path == null) {
            return null;
        }
        String[] parts = path.split("/", -1);
        int[] idx = {0};
        String name = NameEscapes.readName(parts, idx);
        if (name == null || idx[0] != parts.length) {
            return null;
        }
        // A plain name is the DID itself, '%' included; an escaped one has every '%' escaped.
        String s = name.startsWith("%") ? NameEscapes.decode(name) : name;
        return s != null && Did.isValid(s) ? Did.parse(s) : null;
    }

    @Override
    public String toString() {
        return "DidDirNames[caseInsensitive=" + caseInsensitive + ", windows=" + windows + "]";
    }
}
