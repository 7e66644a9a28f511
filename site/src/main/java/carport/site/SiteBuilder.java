package carport.site;

import carport.core.InvalidDataException;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.json.AtJson;
import carport.core.repo.RepoReader;
import carport.core.repo.RepoRecord;
import carport.core.syntax.Tid;
import carport.export.ExportDir;
import carport.export.ExportLockedException;
import carport.export.ExportManifest;
import carport.export.store.ExportLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the static site of one export: {@code index.html}, a stylesheet and a small script (copied from
 * this module's resources), and the account's public data as script files under {@code data/} that the
 * page loads on demand, so it works from {@code file://} without a server (browsers refuse {@code fetch()}
 * of local files). The layout of {@code data/} is described in {@code docs/site.md}.
 *
 * <p>Only the repository's records ({@code _repo.car}, public by definition), the manifest's DID and
 * handle, and the blobs those records reference are read. Nothing else in the export folder (in
 * particular {@code _preferences.json}) is opened.
 *
 * <p>The site is built in a temporary folder and renamed into place whole, under the export's lock, so a
 * reader never sees a half-written site and an export never runs at the same time.
 */
public final class SiteBuilder {
    /** The folder name of a site inside its export folder. */
    public static final String SITE_DIR = "_site";
    /** Posts per data file; a month with more posts has several files. */
    static final int POSTS_PER_CHUNK = 500;
    /** Records of other collections per data file. */
    static final int RECORDS_PER_CHUNK = 1000;

    static final String POST = "app.bsky.feed.post";
    static final String PROFILE = "app.bsky.actor.profile";
    private static final String[] ASSETS = {"index.html", "site.css", "site.js"};

    /** What a build wrote. */
    public record Result(Path site, String did, long posts, long records, long blobs) {}

    private SiteBuilder() {}

    /**
     * Builds the site of the export in {@code exportDir}: into {@code exportDir/_site/} when {@code outRoot}
     * is null (blobs are then read from the export's {@code _blob/}), else into {@code outRoot/<folder
     * name of the export>/} with copies of the blobs it shows.
     *
     * @throws InvalidDataException if the folder is not a complete export
     * @throws ExportLockedException if an export (or another site build) holds the folder
     */
    public static Result build(Path exportDir, Path outRoot) throws IOException {
        ExportDir dir = new ExportDir(exportDir);
        if (!Files.isDirectory(exportDir)) {
            throw new InvalidDataException(exportDir + " is not a folder (name an export folder, DIR/<did>)");
        }
        Path lockFile = exportDir.resolve(ExportDir.WORK).resolve("lock");
        ExportLock lock;
        try {
            lock = ExportLock.acquire(lockFile);
        } catch (ExportLock.HeldException e) {
            throw new ExportLockedException(exportDir, e.holder());
        }
        try (lock) {
            return buildLocked(dir, outRoot);
        }
    }

    /** As {@link #build}, for a caller that already holds the export folder's lock (export --site). */
    public static Result buildLocked(ExportDir dir, Path outRoot) throws IOException {
        Path root = dir.root();
        if (Files.exists(root.resolve(ExportDir.WORK).resolve("journal.json"))) {
            throw new InvalidDataException(root + ": an export into this folder was interrupted; run the same"
                    + " `carport export` again to complete it, then build the site");
        }
        Path manifestFile = dir.file(ExportDir.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidDataException(root + " is not a complete export (no " + ExportDir.MANIFEST
                    + "); run `carport export` first");
        }
        ExportManifest manifest = ExportManifest.parse(Files.readAllBytes(manifestFile));
        Path target;
        Path work;
        boolean copyBlobs = outRoot != null;
        if (outRoot == null) {
            target = root.resolve(SITE_DIR);
            work = root.resolve(ExportDir.WORK);
        } else {
            Path name = root.toAbsolutePath().normalize().getFileName();
            target = outRoot.resolve(name.toString());
            work = outRoot;
        }
        Files.createDirectories(work);
        if (outRoot == null) {
            // under the export's lock: what an earlier, killed build left in the work folder is garbage
            try (Stream<Path> s = Files.list(work)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".site-")).toList()) {
                    deleteTree(p);
                }
            }
        }
        Path tmp = Files.createTempDirectory(work, ".site-");
        try {
            Result r = new Writer1(dir, manifest, tmp, copyBlobs).write();
            install(tmp, target, work);
            return new Result(target, r.did(), r.posts(), r.records(), r.blobs());
        } finally {
            deleteTree(tmp);
        }
    }

    /** Renames the finished site over the old one: old aside, new in, old removed. */
    private static void install(Path tmp, Path target, Path work) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = work.resolve(".site-old-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            move(target, old);
        }
        move(tmp, target);
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            List<Path> all = new ArrayList<>(s.toList());
            for (int i = all.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(all.get(i));
            }
        } catch (NoSuchFileException ignored) {
            // already gone
        }
    }

    /** One post, kept small: its record as compact JSON, and what ordering and threads need. */
    private static final class Post {
        final String rkey;
        final Cid cid;
        final long time;
        final String parent;
        final String root;
        final String quote;
        final byte[] search;
        String chunk;
        List<String> replies;

        Post(String rkey, Cid cid, long time, String parent, String root, String quote, byte[] search) {
            this.rkey = rkey;
            this.cid = cid;
            this.time = time;
            this.parent = parent;
            this.root = root;
            this.quote = quote;
            this.search = search;
        }
    }

    /** One build. */
    private static final class Writer1 {
        private final ExportDir dir;
        private final ExportManifest manifest;
        private final Path out;
        private final boolean copyBlobs;
        private final String did;
        private final String ownPrefix;
        private final List<Post> posts = new ArrayList<>();
        private final Map<String, Long> counts = new TreeMap<>();
        private final List<Map<String, Object>> collections = new ArrayList<>();
        private final Set<String> blobs = new LinkedHashSet<>();
        private Object profile;
        private long records;

        Writer1(ExportDir dir, ExportManifest manifest, Path out, boolean copyBlobs) {
            this.dir = dir;
            this.manifest = manifest;
            this.out = out;
            this.copyBlobs = copyBlobs;
            this.did = manifest.did();
            this.ownPrefix = "at://" + did + "/" + POST + "/";
        }

        Result write() throws IOException {
            Path data = Files.createDirectories(out.resolve("data"));
            Files.createDirectories(data.resolve("p"));
            Files.createDirectories(data.resolve("c"));
            for (String a : ASSETS) {
                try (InputStream in = SiteBuilder.class.getResourceAsStream(a)) {
                    if (in == null) {
                        throw new IllegalStateException("site asset " + a + " missing from the jar");
                    }
                    Files.copy(in, out.resolve(a));
                }
            }
            List<Map<String, Object>> chunkList;
            try (RepoReader reader = RepoReader.open(dir.file(ExportDir.REPO))) {
                readRecords(reader, data);
                // posts are written from a second read of their blocks, in time order: the JSON of 100,000
                // posts is never all in memory
                chunkList = writePosts(reader, data);
            }
            writeSearch(data);
            List<String> missing = blobs(data);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("did", did);
            p.put("handle", manifest.handle());
            p.put("exported", manifest.finished().toString());
            p.put("profile", profile);
            p.put("blobBase", copyBlobs ? "_blob/" : "../_blob/");
            p.put("missingBlobs", missing);
            p.put("counts", counts);
            p.put("collections", collections);
            p.put("chunks", chunkList);
            p.put("perChunk", (long) POSTS_PER_CHUNK);
            writeData(data.resolve("profile.js"), "profile", AtJson.toJson(p, false));
            return new Result(out, did, posts.size(), records, blobs.size() - missing.size());
        }

        private void readRecords(RepoReader reader, Path data) throws IOException {
            try {
                CollectionWriter[] current = {null};
                reader.forEachRecord(rec -> {
                    byte[] block = reader.recordBlock(rec.cid());
                    if (block == null) {
                        return;
                    }
                    String collection = rec.collection();
                    Object value;
                    try {
                        value = DagCbor.decodeLenient(block, 0, block.length);
                    } catch (RuntimeException e) {
                        return; // the export verified every record; a broken one is left out, not fatal
                    }
                    records++;
                    counts.merge(collection, 1L, Long::sum);
                    collectBlobs(value, 0);
                    try {
                        if (collection.equals(POST)) {
                            addPost(rec, value);
                            return;
                        }
                        if (collection.equals(PROFILE) && rec.rkey().equals("self")) {
                            profile = value;
                        }
                        if (current[0] == null || !current[0].collection.equals(collection)) {
                            if (current[0] != null) {
                                current[0].close();
                            }
                            current[0] = new CollectionWriter(data, collection, collections.size());
                            Map<String, Object> c = new LinkedHashMap<>();
                            c.put("nsid", collection);
                            c.put("dir", "c/" + collections.size());
                            collections.add(c);
                        }
                        current[0].add(rec, block);
                        collections.get(collections.size() - 1).put("chunks", (long) current[0].chunks());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                if (current[0] != null) {
                    current[0].close();
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        private void addPost(RepoRecord rec, Object value) {
            if (!(value instanceof Map<?, ?> m)) {
                return;
            }
            String parent = null;
            String root = null;
            if (m.get("reply") instanceof Map<?, ?> reply) {
                parent = ownRkey(uriOf(reply.get("parent")));
                root = ownRkey(uriOf(reply.get("root")));
            }
            String quote = null;
            if (m.get("embed") instanceof Map<?, ?> embed) {
                Object r = embed.get("record");
                if (r instanceof Map<?, ?> rm && rm.get("record") instanceof Map<?, ?> inner) {
                    r = inner; // recordWithMedia: {record: {record: strongRef}, media}
                }
                quote = ownRkey(uriOf(r));
            }
            StringBuilder search = new StringBuilder();
            if (m.get("text") instanceof String t) {
                search.append(t);
            }
            collectAlt(m.get("embed"), search, 0);
            posts.add(new Post(rec.rkey(), rec.cid(), time(m.get("createdAt"), rec.rkey()), parent, root, quote,
                    searchText(search)));
        }

        /** Lower case, runs of white space as one space: what the page's search matches words in. */
        static byte[] searchText(CharSequence text) {
            String lower = text.toString().toLowerCase(Locale.ROOT);
            StringBuilder sb = new StringBuilder(lower.length());
            boolean space = true;
            for (int i = 0; i < lower.length(); i++) {
                char c = lower.charAt(i);
                if (Character.isWhitespace(c)) {
                    if (!space) {
                        sb.append(' ');
                    }
                    space = true;
                } else {
                    sb.append(c);
                    space = false;
                }
            }
            return jsonString(sb).getBytes(StandardCharsets.UTF_8);
        }

        private static void collectAlt(Object v, StringBuilder sb, int depth) {
            if (depth > 8) {
                return;
            }
            if (v instanceof Map<?, ?> m) {
                if (m.get("alt") instanceof String alt && !alt.isEmpty()) {
                    sb.append(' ').append(alt);
                }
                for (Object o : m.values()) {
                    collectAlt(o, sb, depth + 1);
                }
            } else if (v instanceof List<?> l) {
                for (Object o : l) {
                    collectAlt(o, sb, depth + 1);
                }
            }
        }

        private static String uriOf(Object strongRef) {
            return strongRef instanceof Map<?, ?> m && m.get("uri") instanceof String s ? s : null;
        }

        private String ownRkey(String uri) {
            if (uri == null || !uri.startsWith(ownPrefix)) {
                return null;
            }
            String rkey = uri.substring(ownPrefix.length());
            return rkey.isEmpty() || rkey.indexOf('/') >= 0 ? null : rkey;
        }

        /** The post's time: createdAt if it parses, else the time in a TID key, else 0. */
        static long time(Object createdAt, String rkey) {
            if (createdAt instanceof String s) {
                try {
                    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    try {
                        return Instant.parse(s).toEpochMilli();
                    } catch (DateTimeParseException e2) {
                        // fall through
                    }
                }
            }
            if (Tid.isValid(rkey)) {
                return Tid.parse(rkey).timestampMicros() / 1000;
            }
            return 0;
        }

        private void collectBlobs(Object v, int depth) {
            if (depth > 32) {
                return;
            }
            if (v instanceof Map<?, ?> m) {
                if ("blob".equals(m.get("$type")) && m.get("ref") instanceof Cid c) {
                    blobs.add(c.toString());
                    return;
                }
                if (m.size() == 2 && m.get("cid") instanceof String legacy && m.get("mimeType") instanceof String) {
                    try {
                        blobs.add(Cid.parse(legacy).toString()); // the legacy {"cid", "mimeType"} blob reference
                    } catch (RuntimeException e) {
                        // not a CID: not a blob reference
                    }
                    return;
                }
                for (Object o : m.values()) {
                    collectBlobs(o, depth + 1);
                }
            } else if (v instanceof List<?> l) {
                for (Object o : l) {
                    collectBlobs(o, depth + 1);
                }
            }
        }

        /** Posts newest first, in chunks of at most POSTS_PER_CHUNK within one month. */
        private List<Map<String, Object>> writePosts(RepoReader reader, Path data) throws IOException {
            posts.sort(Comparator.comparingLong((Post p) -> p.time).reversed().thenComparing(p -> p.rkey,
                    Comparator.reverseOrder()));
            Map<String, Post> byKey = new HashMap<>(posts.size() * 2);
            List<Map<String, Object>> chunks = new ArrayList<>();
            List<List<Post>> groups = new ArrayList<>();
            String month = null;
            List<Post> group = null;
            int part = 0;
            for (Post p : posts) {
                byKey.put(p.rkey, p);
                String m = month(p.time);
                if (!m.equals(month) || group.size() >= POSTS_PER_CHUNK) {
                    part = m.equals(month) ? part + 1 : 0;
                    month = m;
                    group = new ArrayList<>();
                    groups.add(group);
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("id", m + "." + part);
                    c.put("month", m);
                    chunks.add(c);
                }
                p.chunk = month + "." + part;
                group.add(p);
            }
            for (Post p : posts) {
                Post parent = p.parent == null ? null : byKey.get(p.parent);
                if (parent != null) {
                    if (parent.replies == null) {
                        parent.replies = new ArrayList<>(2);
                    }
                    parent.replies.add(p.rkey);
                }
            }
            for (int i = 0; i < groups.size(); i++) {
                List<Post> g = groups.get(i);
                chunks.get(i).put("n", (long) g.size());
                String id = (String) chunks.get(i).get("id");
                try (Out w = open(data.resolve("p").resolve(id + ".js"))) {
                    w.write("carport.data(\"p/" + id + "\",[");
                    for (int j = 0; j < g.size(); j++) {
                        Post p = g.get(j);
                        if (j > 0) {
                            w.write(",\n");
                        }
                        Map<String, String> where = new LinkedHashMap<>();
                        List<String> replies = p.replies == null ? List.of() : p.replies;
                        for (String k : new String[] {p.parent, p.root, p.quote}) {
                            Post q = k == null ? null : byKey.get(k);
                            if (q != null) {
                                where.put(k, q.chunk);
                            }
                        }
                        for (String k : replies) {
                            where.put(k, byKey.get(k).chunk);
                        }
                        StringBuilder head = new StringBuilder(64).append("{\"k\":").append(jsonString(p.rkey))
                                .append(",\"w\":{");
                        boolean first = true;
                        for (Map.Entry<String, String> e : where.entrySet()) {
                            head.append(first ? "" : ",").append(jsonString(e.getKey())).append(':')
                                    .append(jsonString(e.getValue()));
                            first = false;
                        }
                        head.append("},\"n\":[");
                        for (int k = 0; k < replies.size(); k++) {
                            head.append(k == 0 ? "" : ",").append(jsonString(replies.get(k)));
                        }
                        w.write(head.append(']').toString());
                        w.write(",\"r\":");
                        w.write(json(reader.recordBlock(p.cid)));
                        w.write("}");
                    }
                    w.write("]);\n");
                }
            }
            return chunks;
        }

        /** The search index, loaded on the first search: per post its chunk, key and lower-cased text + alt text. */
        private void writeSearch(Path data) throws IOException {
            try (Out w = open(data.resolve("search.js"))) {
                w.write("carport.data(\"search\",[");
                boolean first = true;
                for (Post p : posts) {
                    if (!first) {
                        w.write(",\n");
                    }
                    first = false;
                    w.write("[" + jsonString(p.chunk) + "," + jsonString(p.rkey) + ",");
                    w.write(p.search);
                    w.write("]");
                }
                w.write("]);\n");
            }
        }

        /** Copies (or, in the export's own site, just checks) the blobs the records reference; returns the missing. */
        private List<String> blobs(Path data) throws IOException {
            List<String> missing = new ArrayList<>();
            Path to = copyBlobs ? Files.createDirectories(out.resolve(ExportDir.BLOB_DIR)) : null;
            for (String cid : blobs) {
                Path from = dir.blob(cid);
                if (!Files.isRegularFile(from)) {
                    missing.add(cid);
                    continue;
                }
                if (to != null) {
                    Path dest = to.resolve(cid);
                    try {
                        Files.createLink(dest, from);
                    } catch (FileAlreadyExistsException e) {
                        // listed twice: already there
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(from, dest, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return missing;
        }
    }

    /** Streams one collection's records (other than posts) into chunk files of RECORDS_PER_CHUNK. */
    private static final class CollectionWriter {
        final String collection;
        private final Path folder;
        private Out w;
        private int inChunk;
        private int chunks;

        CollectionWriter(Path data, String collection, int index) throws IOException {
            this.collection = collection;
            this.folder = Files.createDirectories(data.resolve("c").resolve(Integer.toString(index)));
        }

        void add(RepoRecord rec, byte[] block) throws IOException {
            if (w == null || inChunk >= RECORDS_PER_CHUNK) {
                close();
                w = open(folder.resolve(chunks + ".js"));
                w.write("carport.data(\"c/" + folder.getFileName() + "/" + chunks + "\",[");
                chunks++;
                inChunk = 0;
            }
            if (inChunk > 0) {
                w.write(",\n");
            }
            w.write("[" + jsonString(rec.rkey()) + ",");
            w.write(json(block));
            w.write("]");
            inChunk++;
        }

        int chunks() {
            return chunks;
        }

        void close() throws IOException {
            if (w != null) {
                w.write("]);\n");
                w.close();
                w = null;
            }
        }
    }

    static String month(long millis) {
        OffsetDateTime t = Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC);
        int y = Math.max(0, Math.min(9999, t.getYear()));
        int m = t.getMonthValue();
        char[] c = {(char) ('0' + y / 1000), (char) ('0' + y / 100 % 10), (char) ('0' + y / 10 % 10),
            (char) ('0' + y % 10), '-', (char) ('0' + m / 10), (char) ('0' + m % 10)};
        return new String(c);
    }

    /**
     * A JSON string literal that is also safe in a script file: quotes, backslashes and control characters
     * escaped, and U+2028/U+2029, which older JavaScript engines take for line ends.
     */
    static String jsonString(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A record's JSON (compact), straight from its DAG-CBOR block. */
    static byte[] json(byte[] block) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(block.length * 2);
        AtJson.transcode(block, 0, block.length, out, false, true);
        return out.toByteArray();
    }

    /** A buffered UTF-8 file of strings and ready-made UTF-8 bytes. */
    private static final class Out implements AutoCloseable {
        private final java.io.OutputStream out;

        Out(Path file) throws IOException {
            out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        }

        void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
        }

        void write(byte[] b) throws IOException {
            out.write(b);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private static Out open(Path file) throws IOException {
        return new Out(file);
    }

    private static void writeData(Path file, String name, String json) throws IOException {
        try (Out w = open(file)) {
            w.write("carport.data(" + AtJson.toJson(name, false) + ",");
            w.write(json);
            w.write(");\n");
        }
    }
}
