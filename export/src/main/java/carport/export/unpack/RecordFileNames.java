package carport.export.unpack;

import carport.core.InvalidDataException;
import carport.core.syntax.InvalidSyntaxException;
import carport.core.syntax.Nsid;
import carport.core.syntax.RecordKey;
import carport.core.syntax.RepoPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Maps a record's (collection, rkey) to a relative file path {@code <collection>/<rkey>.json} and
 * back, such that no two records ever share a file and every path decodes to exactly one record.
 * The full scheme is in {@code docs/file-layout.md}; in short:
 *
 * <ul>
 *   <li>A name (collection, or rkey plus {@code .json}) is written as it is when it fits in
 *       {@value #MAX_NAME_BYTES} bytes and the mode needs no escaping.
 *   <li>Otherwise, if the mode needs escaping (an upper-case letter in {@link #caseInsensitive()}
 *       mode; a {@code :} or a reserved device name in {@link #windows()} mode), the name is
 *       percent-encoded: its first character and every character needing it become {@code %XX}
 *       (upper-case hex), so the result starts with {@code %}.
 *   <li>A result longer than {@value #MAX_NAME_BYTES} bytes is cut into pieces, each written as
 *       one path component: {@code +piece+} for every piece but the last, {@code +piece} for the
 *       last (which keeps the {@code .json} suffix whole). A {@code %XX} triplet is never cut.
 * </ul>
 *
 * {@code %} and {@code +} are outside the NSID and record key alphabets and legal on Linux, macOS
 * and Windows file systems, so escaped and cut names can never collide with plain ones. No component
 * is ever {@code .} or {@code ..}: record keys cannot be those, and NSIDs contain no such segment.
 */
public final class RecordFileNames {
    /** Longest path component written (bytes; all names are ASCII). */
    public static final int MAX_NAME_BYTES = 200;
    public static final String SUFFIX = ".json";
    public static final char ESCAPE = NameEscapes.ESCAPE;
    public static final char PIECE = NameEscapes.PIECE;

    private static final String[] WINDOWS_DEVICES = {"con", "prn", "aux", "nul"};

    /** Case-sensitive, non-Windows file systems (typical Linux). */
    public static final RecordFileNames PLAIN = new RecordFileNames(false, false);

    private final boolean caseInsensitive;
    private final boolean windows;

    private RecordFileNames(boolean caseInsensitive, boolean windows) {
        this.caseInsensitive = caseInsensitive;
        this.windows = windows;
    }

    /**
     * @param caseInsensitive the target file system folds case (macOS default, Windows): names
     *     with an upper-case letter are escaped
     * @param windows the target is Windows: {@code :} and device names ({@code CON}, {@code NUL},
     *     {@code COM1}...) are escaped
     */
    public static RecordFileNames of(boolean caseInsensitive, boolean windows) {
        return new RecordFileNames(caseInsensitive, windows);
    }

    /** The mode for writing under {@code dir} on this machine (probes {@code dir}, which must exist). */
    public static RecordFileNames forDirectory(Path dir) throws IOException {
        boolean win = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return of(detectCaseInsensitive(dir), win);
    }

    /**
     * Creates a temporary file with a lower-case name in {@code dir} and checks whether its
     * upper-cased name refers to the same file. The probe file is always deleted.
     */
    public static boolean detectCaseInsensitive(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, ".carport-case-probe-", ".tmp");
        try {
            String name = probe.getFileName().toString();
            Path upper = dir.resolve(name.toUpperCase(Locale.ROOT));
            try {
                return Files.isSameFile(probe, upper);
            } catch (NoSuchFileException e) {
                return false;
            }
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** How the naming mode for a directory is found; {@link #forDirectory} unless a test fixes it. */
    @FunctionalInterface
    public interface Detector {
        Detector PROBE = RecordFileNames::forDirectory;

        RecordFileNames detect(Path dir) throws IOException;
    }

    /** The four modes, plain first. */
    public static final java.util.List<RecordFileNames> ALL_MODES =
            java.util.List.of(PLAIN, of(true, false), of(false, true), of(true, true));

    /** A mode that escapes everything either mode escapes (what a folder that needs both must use). */
    public RecordFileNames strictest(RecordFileNames other) {
        return of(caseInsensitive || other.caseInsensitive, windows || other.windows);
    }

    /**
     * The record {@code relativePath} (components separated by {@code /}) stands for in any mode other
     * than this one, if some other mode writes exactly that path; else null. Finds files left by an
     * export written in a different mode.
     */
    public RepoPath parseOtherMode(String relativePath) {
        RepoPath p = tryParse(relativePath);
        if (p != null) {
            for (RecordFileNames m : ALL_MODES) {
                if (!m.equals(this) && m.relativePath(p).equals(relativePath)) {
                    return p;
                }
            }
        }
        return null;
    }

    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    public boolean windows() {
        return windows;
    }

    /** {@code <collection dir>/<record file>}, components separated by {@code /}. */
    public String relativePath(Nsid collection, RecordKey rkey) {
        StringBuilder sb = new StringBuilder(collection.toString().length() + rkey.toString().length() + 8);
        appendName(sb, collection.toString(), "");
        sb.append('/');
        appendName(sb, rkey.toString(), SUFFIX);
        return sb.toString();
    }

    public String relativePath(RepoPath path) {
        return relativePath(path.collection(), path.rkey());
    }

    /** The collection's directory, relative; more than one component only for very long NSIDs. */
    public String collectionPath(Nsid collection) {
        StringBuilder sb = new StringBuilder();
        appendName(sb, collection.toString(), "");
        return sb.toString();
    }

    /** {@code base} resolved one component at a time, so it works with any file system separator. */
    public Path resolve(Path base, Nsid collection, RecordKey rkey) {
        Path p = base;
        for (String component : relativePath(collection, rkey).split("/")) {
            p = p.resolve(component);
        }
        return p;
    }

    /** Inverse of {@link #resolve}: {@code file} must lie under {@code base}. */
    public RepoPath parse(Path base, Path file) {
        Path rel = base.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path component : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(component);
        }
        return parse(sb.toString());
    }

    /**
     * The record a relative path (components separated by {@code /}) stands for. Only the exact
     * path this mode writes is accepted, so a stray or hand-renamed file is reported, not misread.
     */
    public RepoPath parse(String relativePath) {
        RepoPath p = tryParse(relativePath);
        if (p == null || !relativePath(p).equals(relativePath)) {
            throw new InvalidDataException("not a record file path of this layout: "
                    + NameEscapes.quote(relativePath));
        }
        return p;
    }

    // --- encoding ----------------------------------------------------------------------------

    private void appendName(StringBuilder out, String name, String suffix) {
        String body = needsEscape(name) ? escape(name) : name;
        if (body.length() + suffix.length() <= MAX_NAME_BYTES) {
            out.append(body).append(suffix);
            return;
        }
        // Cut the body into "+piece+" components; the last one, "+piece" + suffix, keeps the suffix
        // whole and at least one unit of the body.
        int len = body.length();
        int lastMax = MAX_NAME_BYTES - 1 - suffix.length();
        int maxPiece = MAX_NAME_BYTES - 2;
        int pos = 0;
        while (len - pos > lastMax) {
            int end = pos;
            while (end - pos + unit(body, end) <= maxPiece && end + unit(body, end) < len) {
                end += unit(body, end);
            }
            out.append(PIECE).append(body, pos, end).append(PIECE).append('/');
            pos = end;
        }
        out.append(PIECE).append(body, pos, len).append(suffix);
    }

    private static int unit(String e, int i) {
        return e.charAt(i) == ESCAPE ? 3 : 1;
    }

    private boolean needsEscape(String name) {
        if (windows && isWindowsDevice(name)) {
            return true;
        }
        for (int i = 0; i < name.length(); i++) {
            if (needsEscape(name.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private boolean needsEscape(char c) {
        return (caseInsensitive && c >= 'A' && c <= 'Z') || (windows && c == ':');
    }

    private String escape(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0 || needsEscape(c)) {
                NameEscapes.appendEscaped(sb, c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Windows reserves CON, PRN, AUX, NUL, COM0-9, LPT0-9, also with any extension. */
    static boolean isWindowsDevice(String name) {
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT);
        for (String d : WINDOWS_DEVICES) {
            if (stem.equals(d)) {
                return true;
            }
        }
        return stem.length() == 4 && (stem.startsWith("com") || stem.startsWith("lpt"))
                && stem.charAt(3) >= '0' && stem.charAt(3) <= '9';
    }

    // --- decoding ----------------------------------------------------------------------------

    private static RepoPath tryParse(String path) {
        if (path == null) {
            return null;
        }
        String[] parts = path.split("/", -1);
        int[] idx = {0};
        String collection = NameEscapes.readName(parts, idx);
        String file = NameEscapes.readName(parts, idx);
        if (collection == null || file == null || idx[0] != parts.length || !file.endsWith(SUFFIX)) {
            return null;
        }
        String c = decode(collection);
        String r = decode(file.substring(0, file.length() - SUFFIX.length()));
        if (c == null || r == null || !Nsid.isValid(c) || !RecordKey.isValid(r)) {
            return null;
        }
        try {
            return RepoPath.of(Nsid.parse(c), RecordKey.parse(r));
        } catch (InvalidSyntaxException e) {
            return null;
        }
    }

    /** An escaped name decoded; a plain one as it is, if it has neither marker; else null. */
    private static String decode(String e) {
        if (e.isEmpty() || e.charAt(0) != ESCAPE) {
            return e.indexOf(ESCAPE) < 0 && e.indexOf(PIECE) < 0 ? e : null;
        }
        return NameEscapes.decode(e);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordFileNames n && n.caseInsensitive == caseInsensitive && n.windows == windows;
    }

    @Override
    public int hashCode() {
        return (caseInsensitive ? 1 : 0) + (windows ? 2 : 0);
    }

    /** In words, for messages. */
    public String describe() {
        return caseInsensitive && windows ? "case-insensitive, Windows" : caseInsensitive ? "case-insensitive"
                : windows ? "Windows" : "plain (case-sensitive)";
    }

    @Override
    public String toString() {
        return "RecordFileNames[caseInsensitive=" + caseInsensitive + ", windows=" + windows + "]";
    }
}
