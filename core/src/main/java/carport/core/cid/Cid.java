package carport.core.cid;

import carport.core.InvalidDataException;
import carport.core.multiformats.Base32;
import carport.core.multiformats.Base58;
import carport.core.multiformats.Varint;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A content identifier. The strict factories ({@link #parse}, {@link #fromBytes}, {@link #readPrefix},
 * {@link #of}, {@link #ofDigest}) accept only the atproto form: CIDv1, codec dag-cbor (0x71) or raw
 * (0x55), sha2-256 multihash of 32 bytes. The lenient factories ({@link #readPrefixLenient},
 * {@link #fromBytesLenient}, {@link #parseLenient}) also accept CIDv0 and CIDv1 with any codec or hash,
 * so that foreign links found inside records still round-trip byte for byte; {@link #isAtproto()} tells
 * the two apart.
 *
 * <p>Immutable. Equality and ordering are over the binary form (ordering is unsigned lexicographic).
 */
public final class Cid implements Comparable<Cid> {
    public static final int DAG_CBOR = 0x71;
    public static final int RAW = 0x55;
    /** Multicodec of dag-pb, the implied codec of a CIDv0. */
    public static final int DAG_PB = 0x70;
    /** Multihash code of sha2-256. */
    public static final int SHA2_256 = 0x12;
    /** Length of the binary form of every atproto CID. */
    public static final int ATPROTO_LENGTH = 36;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private final byte[] bytes;
    private final int version;
    private final int codec;
    private final int hashCode_;
    private final int digestOffset;
    private final boolean atproto;
    private String string;

    private Cid(byte[] bytes, int version, int codec, int hashFunction, int digestOffset) {
        this.bytes = bytes;
        this.version = version;
        this.codec = codec;
        this.hashCode_ = hashFunction;
        this.digestOffset = digestOffset;
        this.atproto = version == 1 && (codec == DAG_CBOR || codec == RAW) && hashFunction == SHA2_256
                && bytes.length == ATPROTO_LENGTH;
    }

    // ---------------------------------------------------------------- strict factories

    /** Parses the base32 ("b...") string form of an atproto CID. */
    public static Cid parse(String s) {
        if (s == null) {
            throw new InvalidDataException("invalid CID: null");
        }
        if (s.length() != 59 || s.charAt(0) != 'b') {
            if (s.startsWith("Qm")) {
                throw new InvalidDataException("invalid CID \"" + clip(s) + "\": CIDv0 is not allowed in atproto");
            }
            throw new InvalidDataException("invalid CID \"" + clip(s)
                    + "\": expected a 59-character base32 CIDv1 starting with 'b'");
        }
        byte[] b = Base32.decode(s, 1);
        if (b == null) {
            throw new InvalidDataException("invalid CID \"" + clip(s) + "\": not valid lower-case base32");
        }
        Cid c = strict(b, 0, b.length);
        c.string = s;
        return c;
    }

    /** Exactly one atproto binary CID (no 0x00 multibase prefix) spanning {@code len} bytes. */
    public static Cid fromBytes(byte[] b, int off, int len) {
        if (len != ATPROTO_LENGTH) {
            checkHeader(b, off, off + Math.max(0, len));
            throw new InvalidDataException("invalid CID: " + len + " bytes, an atproto CID has " + ATPROTO_LENGTH);
        }
        return strict(b, off, len);
    }

    /** Reads one atproto binary CID starting at {@code off}; it must end at or before {@code end}. */
    public static Cid readPrefix(byte[] b, int off, int end) {
        if (end - off < ATPROTO_LENGTH) {
            checkHeader(b, off, end);
            throw new InvalidDataException("invalid CID: truncated (" + Math.max(0, end - off) + " bytes left)");
        }
        return strict(b, off, ATPROTO_LENGTH);
    }

    /** The CID of {@code data} (sha2-256) with the given codec ({@link #DAG_CBOR} or {@link #RAW}). */
    public static Cid of(int codec, byte[] data, int off, int len) {
        MessageDigest md = SHA256.get();
        md.update(data, off, len);
        return ofDigest(codec, md.digest());
    }

    /** The CID of {@code data} (all of it). */
    public static Cid of(int codec, byte[] data) {
        return of(codec, data, 0, data.length);
    }

    /** A CID from an already computed sha2-256 digest. */
    public static Cid ofDigest(int codec, byte[] sha256) {
        if (codec != DAG_CBOR && codec != RAW) {
            throw new InvalidDataException("invalid CID codec 0x" + Integer.toHexString(codec)
                    + ": atproto uses dag-cbor (0x71) or raw (0x55)");
        }
        if (sha256 == null || sha256.length != 32) {
            throw new InvalidDataException("invalid sha2-256 digest: expected 32 bytes");
        }
        byte[] b = new byte[ATPROTO_LENGTH];
        b[0] = 1;
        b[1] = (byte) codec;
        b[2] = SHA2_256;
        b[3] = 32;
        System.arraycopy(sha256, 0, b, 4, 32);
        return new Cid(b, 1, codec, SHA2_256, 4);
    }

    /** The sha2-256 digest of a byte range, using a per-thread {@link MessageDigest}. */
    public static byte[] sha256(byte[] data, int off, int len) {
        MessageDigest md = SHA256.get();
        md.update(data, off, len);
        return md.digest();
    }

    private static Cid strict(byte[] b, int off, int len) {
        checkHeader(b, off, off + len);
        return new Cid(Arrays.copyOfRange(b, off, off + len), 1, b[off + 1], SHA2_256, 4);
    }

    /** Checks the 4 header bytes that are present in {@code [off, end)}. */
    private static void checkHeader(byte[] b, int off, int end) {
        if (off < end && b[off] != 1) {
            if (b[off] == SHA2_256) {
                throw new InvalidDataException("invalid CID: CIDv0 is not allowed in atproto");
            }
            throw new InvalidDataException("invalid CID: version " + (b[off] & 0xff) + ", atproto requires CIDv1");
        }
        if (off + 1 < end && b[off + 1] != DAG_CBOR && b[off + 1] != RAW) {
            throw new InvalidDataException("invalid CID: codec 0x" + Integer.toHexString(b[off + 1] & 0xff)
                    + ", atproto requires dag-cbor (0x71) or raw (0x55)");
        }
        if (off + 2 < end && b[off + 2] != SHA2_256) {
            throw new InvalidDataException("invalid CID: hash function 0x" + Integer.toHexString(b[off + 2] & 0xff)
                    + ", atproto requires sha2-256 (0x12)");
        }
        if (off + 3 < end && b[off + 3] != 32) {
            throw new InvalidDataException("invalid CID: digest length " + (b[off + 3] & 0xff)
                    + ", sha2-256 digests are 32 bytes");
        }
    }

    // ---------------------------------------------------------------- lenient factories

    /**
     * Reads one binary CID of any version, codec or hash starting at {@code off}: a CIDv0 (a bare sha2-256
     * multihash) or a CIDv1 with minimal varints. Use only where foreign links must be carried, not checked.
     */
    public static Cid readPrefixLenient(byte[] b, int off, int end) {
        if (end - off < 2) {
            throw new InvalidDataException("invalid CID: truncated");
        }
        if (b[off] == SHA2_256 && b[off + 1] == 32) {
            if (end - off < 34) {
                throw new InvalidDataException("invalid CIDv0: truncated");
            }
            return new Cid(Arrays.copyOfRange(b, off, off + 34), 0, DAG_PB, SHA2_256, 2);
        }
        if (end - off >= ATPROTO_LENGTH && b[off] == 1 && (b[off + 1] == DAG_CBOR || b[off + 1] == RAW)
                && b[off + 2] == SHA2_256 && b[off + 3] == 32) {
            return new Cid(Arrays.copyOfRange(b, off, off + ATPROTO_LENGTH), 1, b[off + 1], SHA2_256, 4);
        }
        int[] pos = {off};
        long version = Varint.read(b, pos, end, "invalid CID");
        if (version != 1) {
            throw new InvalidDataException("invalid CID: unsupported version " + version);
        }
        long codec = Varint.read(b, pos, end, "invalid CID");
        long hash = Varint.read(b, pos, end, "invalid CID");
        long dlen = Varint.read(b, pos, end, "invalid CID");
        if (codec > Integer.MAX_VALUE || hash > Integer.MAX_VALUE) {
            throw new InvalidDataException("invalid CID: codec or hash code out of range");
        }
        if (dlen > end - pos[0]) {
            throw new InvalidDataException("invalid CID: digest length " + dlen + " exceeds the data");
        }
        int digestOffset = pos[0] - off;
        int total = digestOffset + (int) dlen;
        return new Cid(Arrays.copyOfRange(b, off, off + total), 1, (int) codec, (int) hash, digestOffset);
    }

    /** Exactly one binary CID of any kind spanning {@code len} bytes. */
    public static Cid fromBytesLenient(byte[] b, int off, int len) {
        Cid c = readPrefixLenient(b, off, off + len);
        if (c.bytes.length != len) {
            throw new InvalidDataException("invalid CID: " + (len - c.bytes.length) + " trailing bytes");
        }
        return c;
    }

    /** Parses a base32 "b..." CIDv1 of any codec/hash, or a base58btc "Qm..." CIDv0. */
    public static Cid parseLenient(String s) {
        if (s == null || s.isEmpty()) {
            throw new InvalidDataException("invalid CID: empty");
        }
        byte[] b;
        if (s.length() == 46 && s.startsWith("Qm")) {
            b = Base58.decode(s);
        } else if (s.charAt(0) == 'b') {
            b = Base32.decode(s, 1);
        } else {
            b = null;
        }
        if (b == null) {
            throw new InvalidDataException("invalid CID \"" + clip(s) + "\": unsupported or malformed encoding");
        }
        Cid c = fromBytesLenient(b, 0, b.length);
        if (!c.toString().equals(s)) {
            throw new InvalidDataException("invalid CID \"" + clip(s) + "\": not in canonical form");
        }
        return c;
    }

    /**
     * The atproto string-syntax check for a CID field (as in the interop syntax tests): 8 to 256
     * characters of {@code [a-zA-Z0-9+=]}, and not a CIDv0 ("Qmb..."). It does not decode the CID.
     */
    public static boolean isValidSyntax(String s) {
        if (s == null || s.length() < 8 || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '=';
            if (!ok) {
                return false;
            }
        }
        return !s.startsWith("Qmb");
    }

    // ---------------------------------------------------------------- accessors

    public int codec() {
        return codec;
    }

    /** 0 or 1. */
    public int version() {
        return version;
    }

    /** Multihash function code (0x12 for sha2-256). */
    public int hashFunction() {
        return hashCode_;
    }

    /** True for CIDv1, dag-cbor or raw, sha2-256: the only form atproto permits. */
    public boolean isAtproto() {
        return atproto;
    }

    /** A copy of the digest (32 bytes for every atproto CID). */
    public byte[] digest() {
        return Arrays.copyOfRange(bytes, digestOffset, bytes.length);
    }

    /**
     * Bytes {@code 8*i .. 8*i+7} ({@code i} from 0 to 3) of a 32-byte digest as a big-endian long, so that
     * block indexes can hash and compare CIDs without copying the digest. Only for 32-byte digests.
     */
    public long digestWord(int i) {
        if (bytes.length - digestOffset != 32 || i < 0 || i > 3) {
            throw new IllegalStateException("not a 32-byte digest word: " + i);
        }
        return (long) BIG_ENDIAN_LONG.get(bytes, digestOffset + 8 * i);
    }

    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);

    /** A copy of the binary form. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Copies the binary form into {@code dst} at {@code off}; returns the number of bytes written. */
    public int copyBytesTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, bytes.length);
        return bytes.length;
    }

    public int byteLength() {
        return bytes.length;
    }

    /** Whether this CID's sha2-256 digest matches {@code data}. False for non-sha2-256 CIDs. */
    public boolean isDigestOf(byte[] data, int off, int len) {
        if (hashCode_ != SHA2_256 || bytes.length - digestOffset != 32) {
            return false;
        }
        MessageDigest md = SHA256.get();
        md.update(data, off, len);
        byte[] d = md.digest();
        return Arrays.equals(d, 0, 32, bytes, digestOffset, digestOffset + 32);
    }

    @Override
    public String toString() {
        String s = string;
        if (s == null) {
            s = version == 0 ? Base58.encode(bytes) : Base32.encode(bytes, 0, bytes.length, 'b');
            string = s;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid && Arrays.equals(bytes, ((Cid) o).bytes);
    }

    @Override
    public int hashCode() {
        // the digest is uniformly distributed: four of its bytes make a good hash
        int n = bytes.length;
        if (n >= 8) {
            return (bytes[n - 1] & 0xff) | (bytes[n - 2] & 0xff) << 8 | (bytes[n - 3] & 0xff) << 16
                    | (bytes[n - 4] & 0xff) << 24;
        }
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Cid o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
