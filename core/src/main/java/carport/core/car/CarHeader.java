package carport.core.car;

import carport.core.InvalidDataException;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The header of a CAR v1 file: its root CIDs (for an atproto repo, the first is the commit). */
public record CarHeader(List<Cid> roots) {
    /** Largest header accepted; real headers are tens of bytes, go-car allows 32 MiB. */
    static final int MAX_LENGTH = 1 << 20;

    /**
     * The largest block any carport reader accepts: 16 MiB, far above any real record or MST node
     * (records are JSON-like objects of kilobytes; media are blobs, never repository blocks), and
     * small enough that a reader may hold a whole block in memory. One cap for every reader, so a
     * hostile CAR cannot make one allocate gigabytes.
     */
    public static final int MAX_BLOCK_LENGTH = 16 << 20;

    public CarHeader {
        roots = List.copyOf(roots);
    }

    /** Decodes the DAG-CBOR header map {@code {roots: [cid...], version: 1}}. */
    public static CarHeader decode(byte[] data) {
        Object value;
        try {
            value = DagCbor.decodeLenient(data, 0, data.length);
        } catch (InvalidDataException e) {
            throw new CarFormatException("invalid CAR header: " + e.getMessage());
        }
        if (!(value instanceof Map)) {
            throw new CarFormatException("not a CAR file: the header is not a map");
        }
        Map<?, ?> map = (Map<?, ?>) value;
        Object version = map.get("version");
        if (version == null) {
            throw new CarFormatException("not a CAR file: the header has no version");
        }
        if (version.equals(2L)) {
            throw new CarFormatException("this is a CARv2 file; atproto repositories use CARv1 (extract the inner CARv1"
                    + " payload first)");
        }
        if (!version.equals(1L)) {
            throw new CarFormatException("unsupported CAR version " + version + " (only version 1 is supported)");
        }
        Object roots = map.get("roots");
        if (roots == null) {
            throw new CarFormatException("invalid CAR header: no roots");
        }
        if (!(roots instanceof List)) {
            throw new CarFormatException("invalid CAR header: roots is not an array");
        }
        List<Cid> cids = new ArrayList<>();
        for (Object o : (List<?>) roots) {
            if (!(o instanceof Cid)) {
                throw new CarFormatException("invalid CAR header: a root is not a CID link");
            }
            Cid c = (Cid) o;
            if (!c.isAtproto()) {
                throw new CarFormatException("invalid CAR header: root " + c + " is not an atproto CID (CIDv1, "
                        + "dag-cbor or raw, sha2-256)");
            }
            cids.add(c);
        }
        return new CarHeader(cids);
    }
}
