package carport.core.repo;

import carport.core.InvalidDataException;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.crypto.SignatureCheck;
import carport.core.crypto.VerifyingKey;
import carport.core.syntax.Did;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed repository commit: {@code {did, version, data, rev, prev, sig}}. Version 3 requires
 * {@code rev}; version 2 has no {@code rev}. The signed bytes are the DAG-CBOR encoding of the commit
 * map without {@code sig}, including any fields this class does not know about.
 */
public final class Commit {
    private final Cid cid;
    private final Did did;
    private final int version;
    private final Cid data;
    private final String rev;
    private final Cid prev;
    private final boolean hasPrevField;
    private final byte[] sig;
    private final byte[] unsignedBytes;

    private Commit(Cid cid, Did did, int version, Cid data, String rev, Cid prev, boolean hasPrevField,
            byte[] sig, byte[] unsignedBytes) {
        this.cid = cid;
        this.did = did;
        this.version = version;
        this.data = data;
        this.rev = rev;
        this.prev = prev;
        this.hasPrevField = hasPrevField;
        this.sig = sig;
        this.unsignedBytes = unsignedBytes;
    }

    /** Decodes a commit block (strict DAG-CBOR). {@code cid} is the block's CID, kept for reference. */
    public static Commit decode(Cid cid, byte[] block) {
        Object v;
        try {
            v = DagCbor.decode(block);
        } catch (InvalidDataException e) {
            throw new RepoException("invalid commit " + cid + ": " + e.getMessage());
        }
        if (!(v instanceof Map)) {
            throw new RepoException("invalid commit " + cid + ": not a map");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        Object version = m.get("version");
        if (!(version instanceof Long)) {
            throw new RepoException("invalid commit " + cid + ": no integer version"
                    + (m.containsKey("e") && m.containsKey("l") ? " (is the CAR root an MST node, not a commit?)" : ""));
        }
        long ver = (Long) version;
        if (ver != 2 && ver != 3) {
            throw new RepoException("unsupported repo version " + ver + " in commit " + cid + " (only 2 and 3 exist)");
        }
        String didText = string(m, "did", cid, true);
        if (!Did.isValid(didText)) {
            throw new RepoException("invalid commit " + cid + ": did \"" + clip(didText) + "\" is not a valid DID");
        }
        Did did = Did.parse(didText);
        Object data = m.get("data");
        if (!(data instanceof Cid) || ((Cid) data).codec() != Cid.DAG_CBOR) {
            throw new RepoException("invalid commit " + cid + ": data is not a dag-cbor CID link");
        }
        String rev = string(m, "rev", cid, ver == 3);
        boolean hasPrev = m.containsKey("prev");
        Object prev = m.get("prev");
        if (prev != null && (!(prev instanceof Cid) || ((Cid) prev).codec() != Cid.DAG_CBOR)) {
            throw new RepoException("invalid commit " + cid + ": prev is neither null nor a dag-cbor CID link");
        }
        Object sig = m.get("sig");
        if (!(sig instanceof byte[])) {
            throw new RepoException("invalid commit " + cid + ": " + (sig == null ? "no sig" : "sig is not bytes"));
        }
        Map<String, Object> unsigned = new LinkedHashMap<>(m);
        unsigned.remove("sig");
        return new Commit(cid, did, (int) ver, (Cid) data, rev, (Cid) prev, hasPrev, (byte[]) sig,
                DagCbor.encode(unsigned));
    }

    private static String string(Map<String, Object> m, String field, Cid cid, boolean required) {
        Object o = m.get(field);
        if (o == null && !required) {
            return null;
        }
        if (!(o instanceof String)) {
            throw new RepoException("invalid commit " + cid + ": " + (o == null ? "no " + field : field + " is not a string"));
        }
        return (String) o;
    }

    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    /** The CID of the commit block. */
    public Cid cid() {
        return cid;
    }

    /** The account the commit is for. */
    public Did did() {
        return did;
    }

    /** 2 or 3. */
    public int version() {
        return version;
    }

    /** The MST root. */
    public Cid data() {
        return data;
    }

    /** The revision (a TID); null for version 2. */
    public String rev() {
        return rev;
    }

    /** The previous commit, usually null in version 3. */
    public Cid prev() {
        return prev;
    }

    /** Whether the {@code prev} field is present (version 3 requires it, even if null). */
    public boolean hasPrevField() {
        return hasPrevField;
    }

    public byte[] sig() {
        return sig.clone();
    }

    /** The bytes that are signed: DAG-CBOR of the commit without {@code sig}. */
    public byte[] unsignedBytes() {
        return unsignedBytes.clone();
    }

    /** Checks the signature with {@code key} under the strict atproto rules (64-byte r||s, low-S). */
    public SignatureCheck checkSignature(VerifyingKey key) {
        return key.check(unsignedBytes, sig);
    }

    @Override
    public String toString() {
        return "Commit[" + cid + ", did=" + did + ", v" + version + (rev != null ? ", rev=" + rev : "") + ", data="
                + data + "]";
    }
}
