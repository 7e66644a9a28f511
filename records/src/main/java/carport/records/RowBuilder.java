package carport.records;

import carport.core.InvalidDataException;
import carport.core.cbor.CborReader;
import carport.core.cid.Cid;
import carport.core.json.AtJson;
import carport.core.mst.MstKeys;
import carport.core.syntax.Datetime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Builds the rows of one repository, building only the columns asked for. One per thread. */
final class RowBuilder {
    private static final byte[] TYPE = "$type".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CREATED_AT = "createdAt".getBytes(StandardCharsets.US_ASCII);

    private final String did;
    private final String rev;
    private final boolean uri;
    private final boolean cid;
    private final boolean type;
    private final boolean createdAt;
    private final boolean json;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    /** $type values repeat in runs; keep one String per distinct value (bounded). */
    private final Map<String, String> types = new HashMap<>();
    private byte[] lastCollection;
    private String lastCollectionString;

    RowBuilder(String did, String rev, Set<RecordColumn> columns) {
        this.did = did;
        this.rev = rev;
        this.uri = columns.contains(RecordColumn.URI);
        this.cid = columns.contains(RecordColumn.CID);
        this.type = columns.contains(RecordColumn.TYPE);
        this.createdAt = columns.contains(RecordColumn.CREATED_AT);
        this.json = columns.contains(RecordColumn.RECORD);
    }

    /**
     * The row of the record at {@code key} whose block is {@code buf[0, len)}. Throws
     * {@link InvalidDataException} if the block is not a strict DAG-CBOR map.
     */
    RecordRow build(byte[] key, Cid value, byte[] buf, int len) {
        int slash = 0;
        while (slash < key.length && key[slash] != '/') {
            slash++;
        }
        String collection;
        if (lastCollection != null && Arrays.equals(key, 0, slash, lastCollection, 0, lastCollection.length)) {
            collection = lastCollectionString;
        } else {
            lastCollection = Arrays.copyOf(key, slash);
            collection = lastCollectionString = new String(lastCollection, StandardCharsets.UTF_8);
        }
        String rkey = slash < key.length ? new String(key, slash + 1, key.length - slash - 1, StandardCharsets.UTF_8)
                : "";
        String t = null;
        Instant created = null;
        CborReader r = new CborReader(buf, 0, len);
        if (r.peekKind() != CborReader.KIND_MAP) {
            throw new InvalidDataException("record " + MstKeys.show(key) + " (" + value + ") is not a map");
        }
        if (type || createdAt) {
            int n = r.readMapHeader();
            for (int j = 0; j < n; j++) {
                int off = r.readTextSpan();
                int klen = r.lastLength();
                if (type && Arrays.equals(buf, off, off + klen, TYPE, 0, TYPE.length)
                        && r.peekKind() == CborReader.KIND_TEXT) {
                    String s = r.readTextAsString();
                    t = types.size() < 4096 ? types.computeIfAbsent(s, x -> x) : s;
                } else if (createdAt && Arrays.equals(buf, off, off + klen, CREATED_AT, 0, CREATED_AT.length)
                        && r.peekKind() == CborReader.KIND_TEXT) {
                    created = instant(r.readTextAsString());
                } else {
                    r.skip();
                }
            }
        }
        byte[] recordJson = null;
        if (json) {
            out.reset();
            AtJson.transcode(buf, 0, len, out, false);
            recordJson = out.toByteArray();
        } else if (!type && !createdAt) {
            r.skip();
            r.expectEnd();
        }
        return new RecordRow(did, collection, rkey, uri ? "at://" + did + "/" + collection + "/" + rkey : null,
                cid ? value.toString() : null, rev, t, created, recordJson, len);
    }

    /** A valid atproto datetime in UTC, truncated to microseconds; null if the text is not one. */
    static Instant instant(String s) {
        if (s.length() > Datetime.MAX_LENGTH) {
            return null;
        }
        try {
            return Datetime.parse(s).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (InvalidDataException e) {
            return null;
        }
    }
}
