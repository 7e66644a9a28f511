package carport.export.repo;

import carport.core.InvalidDataException;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.repo.RepoReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which records reference which blobs, found by reading every record: a blob reference is a map
 * {@code {$type: "blob", ref: <cid>, mimeType, size}} anywhere in a record, or the legacy
 * {@code {cid: "<cid string>", mimeType}}. Memory grows with the number of references, not records.
 */
public final class BlobRefs {
    /** One blob as the records describe it. */
    public static final class Ref {
        private String mimeType;
        private long size = -1;
        private final List<String> records = new ArrayList<>(1);

        /** The MIME type of the first record (in key order) that gives one, or null. */
        public String mimeType() {
            return mimeType;
        }

        /** The size the first record gives, or -1. */
        public long declaredSize() {
            return size;
        }

        /** Keys ({@code collection/rkey}) of the referencing records, in key order, without repeats. */
        public List<String> records() {
            return Collections.unmodifiableList(records);
        }
    }

    private final TreeMap<Cid, Ref> refs = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    private BlobRefs() {}

    /** Reads every record of the repository. Records that cannot be decoded are noted in {@link #problems()}. */
    public static BlobRefs scan(RepoReader reader) {
        BlobRefs r = new BlobRefs();
        reader.forEachRecord(rec -> {
            byte[] block;
            try {
                block = reader.recordBlock(rec.cid());
            } catch (InvalidDataException e) {
                r.problems.add("record " + rec.key() + ": " + e.getMessage());
                return;
            }
            if (block == null) {
                return;
            }
            Object value;
            try {
                value = DagCbor.decode(block);
            } catch (InvalidDataException e) {
                r.problems.add("record " + rec.key() + " is not valid DAG-CBOR: " + e.getMessage());
                return;
            }
            r.collect(rec.key(), value, 0);
        });
        return r;
    }

    /** The blobs the records reference, by CID (sorted). */
    public Map<Cid, Ref> refs() {
        return Collections.unmodifiableMap(refs);
    }

    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    private void collect(String key, Object v, int depth) {
        if (depth > 128) {
            return;
        }
        if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            Cid cid = blobCid(m);
            if (cid != null) {
                add(cid, key, m);
                return;
            }
            for (Object child : m.values()) {
                collect(key, child, depth + 1);
            }
        } else if (v instanceof List) {
            for (Object child : (List<?>) v) {
                collect(key, child, depth + 1);
            }
        }
    }

    private static Cid blobCid(Map<?, ?> m) {
        Object type = m.get("$type");
        if ("blob".equals(type) && m.get("ref") instanceof Cid) {
            return (Cid) m.get("ref");
        }
        if (type == null && m.get("cid") instanceof String && m.get("mimeType") instanceof String) {
            try {
                return Cid.parse((String) m.get("cid"));
            } catch (InvalidDataException e) {
                return null;
            }
        }
        return null;
    }

    private void add(Cid cid, String key, Map<?, ?> m) {
        Ref r = refs.computeIfAbsent(cid, c -> new Ref());
        if (r.mimeType == null && m.get("mimeType") instanceof String) {
            r.mimeType = (String) m.get("mimeType");
        }
        if (r.size < 0 && m.get("size") instanceof Long) {
            r.size = (Long) m.get("size");
        }
        if (r.records.isEmpty() || !r.records.get(r.records.size() - 1).equals(key)) {
            r.records.add(key);
        }
    }
}
