package carport.core.repo;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.json.AtJson;
import carport.core.syntax.RepoPath;
import java.util.Map;

/**
 * One record with its content: its path, the CID the tree names and the DAG-CBOR block (already checked
 * against that CID). {@link #json()} gives the atproto JSON form, {@link #value()} the decoded data.
 */
public final class RecordData {
    private final RepoPath path;
    private final Cid cid;
    private final byte[] cbor;

    public RecordData(RepoPath path, Cid cid, byte[] cbor) {
        this.path = java.util.Objects.requireNonNull(path, "path");
        this.cid = java.util.Objects.requireNonNull(cid, "cid");
        this.cbor = cbor.clone();
    }

    public RepoPath path() {
        return path;
    }

    public Cid cid() {
        return cid;
    }

    /** The record block as stored (DAG-CBOR); a copy. */
    public byte[] cbor() {
        return cbor.clone();
    }

    /**
     * The record in the atproto JSON form ({@code $link} for CIDs, {@code $bytes} for bytes), compact.
     *
     * @throws carport.core.InvalidDataException if the block is not valid DAG-CBOR
     */
    public String json() {
        return AtJson.transcode(cbor, 0, cbor.length, false);
    }

    /**
     * The decoded record: a map of strings, longs, booleans, nulls, {@code byte[]}, {@link Cid}, lists and maps.
     *
     * @throws carport.core.InvalidDataException if the block is not a valid DAG-CBOR map
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> value() {
        Object v = DagCbor.decode(cbor);
        if (!(v instanceof Map)) {
            throw new RepoException("record " + path + " (" + cid + ") is not a map");
        }
        return (Map<String, Object>) v;
    }

    /** The record's {@code $type}, if it has a string one. */
    public java.util.Optional<String> type() {
        return value().get("$type") instanceof String s ? java.util.Optional.of(s) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "RecordData[" + path + ", " + cid + "]";
    }
}
