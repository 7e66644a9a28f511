package carport.core.cbor;

import carport.core.InvalidDataException;
import carport.core.cid.Cid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pull reader over one DAG-CBOR byte range with the strict atproto rules: minimal-length heads,
 * definite lengths, integers within signed 64 bits, valid UTF-8, no floats, only false/true/null,
 * only tag 42 (CIDs), string map keys in canonical order without duplicates. Every length is checked
 * against the bytes that remain before anything is allocated.
 *
 * <p>Fast paths (MST nodes, CBOR to JSON) read items one at a time with it instead of building maps;
 * {@link #readValue()} builds the full value model. A reader is not thread-safe and cheap to create.
 */
public final class CborReader {
    public static final int MT_UNSIGNED = 0;
    public static final int MT_NEGATIVE = 1;
    public static final int MT_BYTES = 2;
    public static final int MT_TEXT = 3;
    public static final int MT_ARRAY = 4;
    public static final int MT_MAP = 5;
    public static final int MT_TAG = 6;
    public static final int MT_SIMPLE = 7;

    /** Kinds of data-model value, as told by {@link #peekKind()}. */
    public static final int KIND_INT = 0;
    public static final int KIND_BYTES = 1;
    public static final int KIND_TEXT = 2;
    public static final int KIND_ARRAY = 3;
    public static final int KIND_MAP = 4;
    public static final int KIND_CID = 5;
    public static final int KIND_BOOLEAN = 6;
    public static final int KIND_NULL = 7;

    /** Deepest nesting of arrays and maps that {@link #readValue()} and {@link #skip()} accept. */
    public static final int DEFAULT_MAX_DEPTH = 128;

    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;
    private final boolean lenientCids;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int lastLength;
    private boolean lastAscii;

    /** A strict reader over {@code buf[off, off+len)}. */
    public CborReader(byte[] buf, int off, int len) {
        this(buf, off, len, false);
    }

    /**
     * @param lenientCids accept any CID inside tag 42 (CIDv0, other codecs or hashes) instead of only
     *     atproto CIDs; such CIDs come back as {@link Cid} values with {@link Cid#isAtproto()} false
     */
    public CborReader(byte[] buf, int off, int len, boolean lenientCids) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") of " + buf.length);
        }
        this.buf = buf;
        this.start = off;
        this.end = off + len;
        this.pos = off;
        this.lenientCids = lenientCids;
    }

    public CborReader maxDepth(int depth) {
        this.maxDepth = depth;
        return this;
    }

    // ---------------------------------------------------------------- position

    /** Absolute index into the array of the next byte to read. */
    public int position() {
        return pos;
    }

    /** Moves to an absolute index inside this reader's range (for re-reading a remembered item). */
    public void position(int p) {
        if (p < start || p > end) {
            throw new IndexOutOfBoundsException("position " + p + " outside [" + start + ", " + end + "]");
        }
        pos = p;
    }

    public int end() {
        return end;
    }

    public byte[] buffer() {
        return buf;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    /** Fails unless every byte of the range has been read. */
    public void expectEnd() {
        if (pos != end) {
            throw error(end - pos + " trailing bytes after the item");
        }
    }

    /** Length of the last item read by {@link #readTextSpan()}, {@link #readBytesSpan()} or the like. */
    public int lastLength() {
        return lastLength;
    }

    // ---------------------------------------------------------------- peeking

    /** The {@code KIND_*} of the next item, from its first byte(s); the item itself is not yet checked. */
    public int peekKind() {
        if (pos >= end) {
            throw error("unexpected end of data");
        }
        int ib = buf[pos] & 0xff;
        switch (ib >>> 5) {
            case MT_UNSIGNED:
            case MT_NEGATIVE:
                return KIND_INT;
            case MT_BYTES:
                return KIND_BYTES;
            case MT_TEXT:
                return KIND_TEXT;
            case MT_ARRAY:
                return KIND_ARRAY;
            case MT_MAP:
                return KIND_MAP;
            case MT_TAG:
                return KIND_CID;
            default:
                if (ib == 0xf4 || ib == 0xf5) {
                    return KIND_BOOLEAN;
                }
                if (ib == 0xf6) {
                    return KIND_NULL;
                }
                throw simpleError(ib);
        }
    }

    // ---------------------------------------------------------------- scalars

    public long readLong() {
        int ib = next();
        int mt = ib >>> 5;
        if (mt == MT_UNSIGNED) {
            long v = arg(ib);
            if (v < 0) {
                throw error("integer " + Long.toUnsignedString(v) + " is outside the signed 64-bit range");
            }
            return v;
        }
        if (mt == MT_NEGATIVE) {
            long v = arg(ib);
            if (v < 0) {
                throw error("integer -1-" + Long.toUnsignedString(v) + " is outside the signed 64-bit range");
            }
            return -1 - v;
        }
        pos--;
        throw expected("an integer");
    }

    public boolean readBoolean() {
        if (pos < end) {
            byte b = buf[pos];
            if (b == (byte) 0xf5) {
                pos++;
                return true;
            }
            if (b == (byte) 0xf4) {
                pos++;
                return false;
            }
        }
        throw expected("a boolean");
    }

    public void readNull() {
        if (pos < end && buf[pos] == (byte) 0xf6) {
            pos++;
            return;
        }
        throw expected("null");
    }

    /** Consumes a null and returns true, or returns false and consumes nothing. */
    public boolean tryReadNull() {
        if (pos < end && buf[pos] == (byte) 0xf6) {
            pos++;
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- strings

    /** Reads a text string, checking that it is valid UTF-8. */
    public String readTextAsString() {
        int off = readTextSpan();
        return new String(buf, off, lastLength, lastAscii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /**
     * Reads a text string (checked as UTF-8) and leaves it in place: returns its offset in
     * {@link #buffer()}; its length is {@link #lastLength()}.
     */
    public int readTextSpan() {
        int ib = next();
        if (ib >>> 5 != MT_TEXT) {
            pos--;
            throw expected("a text string");
        }
        int len = length(ib, 1);
        int off = pos;
        lastAscii = validateUtf8(off, len);
        pos = off + len;
        lastLength = len;
        return off;
    }

    /**
     * Reads a text string and tells whether it equals {@code asciiKey}. The string is consumed either
     * way; use it to walk map keys whose names and order are known.
     */
    public boolean readTextKeyEquals(byte[] asciiKey) {
        int off = readTextSpan();
        return Arrays.equals(buf, off, off + lastLength, asciiKey, 0, asciiKey.length);
    }

    /** Reads a map key that must be exactly {@code asciiKey}. */
    public void expectKey(byte[] asciiKey) {
        int p = pos;
        if (!readTextKeyEquals(asciiKey)) {
            pos = p;
            throw error("expected map key \"" + new String(asciiKey, StandardCharsets.ISO_8859_1) + "\"");
        }
    }

    /**
     * Reads a map key as a span (see {@link #readTextSpan()}) and checks that it sorts strictly after the
     * previous key of the same map, at {@code prevOff} with length {@code prevLen} ({@code prevOff < 0}
     * for the first key).
     */
    public int readMapKeySpan(int prevOff, int prevLen) {
        int p = pos;
        if (pos < end && (buf[pos] & 0xff) >>> 5 != MT_TEXT) {
            throw error("map keys must be text strings");
        }
        int off = readTextSpan();
        if (prevOff >= 0) {
            int c = compareKeys(buf, prevOff, prevLen, off, lastLength);
            if (c >= 0) {
                pos = p;
                throw error(c == 0 ? "duplicate map key \"" + string(buf, off, lastLength) + "\""
                        : "map keys are not in canonical order at \"" + string(buf, off, lastLength) + "\"");
            }
        }
        return off;
    }

    /** Canonical DAG-CBOR key order: shorter first, then bytewise unsigned. */
    public static int compareKeys(byte[] b, int aOff, int aLen, int bOff, int bLen) {
        if (aLen != bLen) {
            return aLen < bLen ? -1 : 1;
        }
        return Arrays.compareUnsigned(b, aOff, aOff + aLen, b, bOff, bOff + bLen);
    }

    public byte[] readBytes() {
        int off = readBytesSpan();
        return Arrays.copyOfRange(buf, off, off + lastLength);
    }

    /** Reads a byte string in place: returns its offset in {@link #buffer()}; its length is {@link #lastLength()}. */
    public int readBytesSpan() {
        int ib = next();
        if (ib >>> 5 != MT_BYTES) {
            pos--;
            throw expected("a byte string");
        }
        int len = length(ib, 1);
        int off = pos;
        pos += len;
        lastLength = len;
        return off;
    }

    // ---------------------------------------------------------------- links

    public Cid readCid() {
        int p = pos;
        if (end - pos < 2 || buf[pos] != (byte) 0xd8 || buf[pos + 1] != 42) {
            if (pos < end && (buf[pos] & 0xff) >>> 5 == MT_TAG) {
                next();
                long tag = arg(buf[p] & 0xff);
                pos = p;
                throw error(tag == 42 ? "tag 42 must be encoded in two bytes (0xd8 0x2a)"
                        : "tag " + Long.toUnsignedString(tag) + " is not allowed, only tag 42 (CID)");
            }
            throw expected("a CID (tag 42)");
        }
        pos += 2;
        int ib = next();
        if (ib >>> 5 != MT_BYTES) {
            pos--;
            throw error("tag 42 must hold a byte string");
        }
        int len = length(ib, 1);
        if (len == 0 || buf[pos] != 0) {
            throw error("a CID in tag 42 must start with the 0x00 multibase prefix");
        }
        try {
            Cid c = lenientCids ? Cid.fromBytesLenient(buf, pos + 1, len - 1) : Cid.fromBytes(buf, pos + 1, len - 1);
            pos += len;
            return c;
        } catch (InvalidDataException e) {
            throw error(e.getMessage());
        }
    }

    /** A CID or null. */
    public Cid readNullOrCid() {
        if (tryReadNull()) {
            return null;
        }
        return readCid();
    }

    // ---------------------------------------------------------------- containers

    /** Reads a map head; returns the number of entries (each must then be read as key, value). */
    public int readMapHeader() {
        int ib = next();
        if (ib >>> 5 != MT_MAP) {
            pos--;
            throw expected("a map");
        }
        return length(ib, 2);
    }

    /** Reads an array head; returns the number of items. */
    public int readArrayHeader() {
        int ib = next();
        if (ib >>> 5 != MT_ARRAY) {
            pos--;
            throw expected("an array");
        }
        return length(ib, 1);
    }

    // ---------------------------------------------------------------- whole items

    /** Reads one item into the value model (null, Boolean, Long, String, byte[], Cid, List, Map). */
    public Object readValue() {
        return value(0);
    }

    /** Reads past one item, checking it as strictly as {@link #readValue()} would. */
    public void skip() {
        // A loop over an explicit stack of open containers, not recursion: the JIT compiles a recursive
        // method with a copy of itself inlined at each recursive call, which makes this hot path several
        // times more expensive to compile, and a one-shot command pays for that.
        // Per open container: items left, then for a map the offset and length of its previous key
        // (offset -1 before the first key), for an array offset ARRAY.
        int[] open = new int[3 * 8];
        int depth = 0;
        while (true) {
            if (depth > 0) {
                int top = 3 * (depth - 1);
                if (open[top] == 0) {
                    depth--;
                    if (depth == 0) {
                        return;
                    }
                    continue;
                }
                open[top]--;
                if (open[top + 1] != ARRAY) {
                    open[top + 1] = readMapKeySpan(open[top + 1], open[top + 2]);
                    open[top + 2] = lastLength;
                }
            }
            if (pos >= end) {
                throw error("unexpected end of data");
            }
            int ib = buf[pos] & 0xff;
            int n;
            int mt = ib >>> 5;
            if (mt == MT_ARRAY || mt == MT_MAP) {
                checkDepth(depth);
                n = mt == MT_ARRAY ? readArrayHeader() : readMapHeader();
                if (3 * depth + 3 > open.length) {
                    open = Arrays.copyOf(open, 2 * open.length);
                }
                open[3 * depth] = n;
                open[3 * depth + 1] = mt == MT_ARRAY ? ARRAY : -1;
                depth++;
                continue;
            }
            skipScalar(ib);
            if (depth == 0) {
                return;
            }
        }
    }

    /** Marks an open array in {@link #skip()}'s stack (where a map keeps its previous key's offset). */
    private static final int ARRAY = -2;

    private void skipScalar(int ib) {
        switch (ib >>> 5) {
            case MT_UNSIGNED:
            case MT_NEGATIVE:
                readLong();
                return;
            case MT_BYTES:
                readBytesSpan();
                return;
            case MT_TEXT:
                readTextSpan();
                return;
            case MT_TAG:
                readCid();
                return;
            default:
                if (ib >= 0xf4 && ib <= 0xf6) {
                    pos++;
                    return;
                }
                throw simpleError(ib);
        }
    }

    private Object value(int depth) {
        if (pos >= end) {
            throw error("unexpected end of data");
        }
        int ib = buf[pos] & 0xff;
        switch (ib >>> 5) {
            case MT_UNSIGNED:
            case MT_NEGATIVE:
                return readLong();
            case MT_BYTES:
                return readBytes();
            case MT_TEXT:
                return readTextAsString();
            case MT_ARRAY: {
                checkDepth(depth);
                int n = readArrayHeader();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(value(depth + 1));
                }
                return list;
            }
            case MT_MAP: {
                checkDepth(depth);
                int n = readMapHeader();
                Map<String, Object> map = new LinkedHashMap<>(capacity(n));
                int prevOff = -1;
                int prevLen = 0;
                for (int i = 0; i < n; i++) {
                    int off = readMapKeySpan(prevOff, prevLen);
                    int len = lastLength;
                    map.put(key(buf, off, len), value(depth + 1));
                    prevOff = off;
                    prevLen = len;
                }
                return map;
            }
            case MT_TAG:
                return readCid();
            default:
                pos++;
                if (ib == 0xf4) {
                    return Boolean.FALSE;
                }
                if (ib == 0xf5) {
                    return Boolean.TRUE;
                }
                if (ib == 0xf6) {
                    return null;
                }
                pos--;
                throw simpleError(ib);
        }
    }

    private void checkDepth(int depth) {
        if (depth >= maxDepth) {
            throw error("nesting deeper than " + maxDepth + " levels");
        }
    }

    private static int capacity(int n) {
        return n < 12 ? 16 : (int) Math.min(1 << 30, n * 4L / 3 + 1);
    }

    // ---------------------------------------------------------------- heads

    private int next() {
        if (pos >= end) {
            throw error("unexpected end of data");
        }
        return buf[pos++] & 0xff;
    }

    /**
     * The argument of a head whose initial byte {@code ib} has been consumed; enforces minimal encoding.
     * Values above {@code Long.MAX_VALUE} come back negative (unsigned).
     */
    private long arg(int ib) {
        int ai = ib & 31;
        if (ai < 24) {
            return ai;
        }
        long v;
        switch (ai) {
            case 24:
                need(1);
                v = buf[pos] & 0xff;
                pos += 1;
                if (v < 24) {
                    throw errorAt(pos - 2, "integer or length is not minimally encoded");
                }
                return v;
            case 25:
                need(2);
                v = (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
                pos += 2;
                if (v < 0x100) {
                    throw errorAt(pos - 3, "integer or length is not minimally encoded");
                }
                return v;
            case 26:
                need(4);
                v = ((long) (buf[pos] & 0xff) << 24) | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8
                        | (buf[pos + 3] & 0xff);
                pos += 4;
                if (v < 0x10000) {
                    throw errorAt(pos - 5, "integer or length is not minimally encoded");
                }
                return v;
            case 27:
                need(8);
                v = 0;
                for (int i = 0; i < 8; i++) {
                    v = (v << 8) | (buf[pos + i] & 0xff);
                }
                pos += 8;
                if (v >= 0 && v < 0x1_0000_0000L) {
                    throw errorAt(pos - 9, "integer or length is not minimally encoded");
                }
                return v;
            case 31:
                throw errorAt(pos - 1, "indefinite-length items are not allowed");
            default:
                throw errorAt(pos - 1, "reserved additional information " + ai);
        }
    }

    /** A length argument that must fit in what remains, counting {@code minItemBytes} per unit. */
    private int length(int ib, int minItemBytes) {
        long n = arg(ib);
        int remaining = end - pos;
        if (n < 0 || n > remaining / minItemBytes) {
            throw error("length " + Long.toUnsignedString(n) + " exceeds the " + remaining + " bytes that remain");
        }
        return (int) n;
    }

    private void need(int n) {
        if (end - pos < n) {
            throw error("unexpected end of data");
        }
    }

    // ---------------------------------------------------------------- UTF-8

    /** Throws unless {@code buf[off, off+len)} is well-formed UTF-8; returns whether it is all ASCII. */
    private boolean validateUtf8(int off, int len) {
        int i = off;
        int e = off + len;
        while (i < e && buf[i] >= 0) {
            i++;
        }
        if (i == e) {
            return true;
        }
        while (i < e) {
            int c = buf[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            if (c < 0xc2) {
                throw errorAt(i, "invalid UTF-8 in text string");
            } else if (c < 0xe0) {
                n = 1;
            } else if (c < 0xf0) {
                n = 2;
            } else if (c < 0xf5) {
                n = 3;
            } else {
                throw errorAt(i, "invalid UTF-8 in text string");
            }
            if (e - i <= n) {
                throw errorAt(i, "truncated UTF-8 sequence in text string");
            }
            int c1 = buf[i + 1] & 0xff;
            if ((c1 & 0xc0) != 0x80
                    || (c == 0xe0 && c1 < 0xa0) // overlong
                    || (c == 0xed && c1 >= 0xa0) // surrogate
                    || (c == 0xf0 && c1 < 0x90) // overlong
                    || (c == 0xf4 && c1 >= 0x90)) { // above U+10FFFF
                throw errorAt(i, "invalid UTF-8 in text string");
            }
            for (int k = 2; k <= n; k++) {
                if ((buf[i + k] & 0xc0) != 0x80) {
                    throw errorAt(i, "invalid UTF-8 in text string");
                }
            }
            i += n + 1;
        }
        return false;
    }

    // Map keys repeat endlessly ("$type", "text", "createdAt"...): short ASCII keys come from a shared
    // cache instead of a new String each. Racy on purpose: a slot holds an immutable String or null, and
    // a lost update only costs an allocation.
    private static final int KEY_CACHE_SIZE = 1024;
    private static final String[] KEY_CACHE = new String[KEY_CACHE_SIZE];

    /** A map key (already checked as UTF-8) as a String, shared with earlier equal keys where possible. */
    public static String decodeKey(byte[] b, int off, int len) {
        return key(b, off, len);
    }

    static String key(byte[] b, int off, int len) {
        if (len > 32) {
            return string(b, off, len);
        }
        int h = 0;
        for (int i = off, e = off + len; i < e; i++) {
            int c = b[i];
            if (c < 0) {
                return string(b, off, len);
            }
            h = 31 * h + c;
        }
        int slot = (h ^ (h >>> 10) ^ len) & (KEY_CACHE_SIZE - 1);
        String cached = KEY_CACHE[slot];
        if (cached != null && cached.length() == len) {
            int i = 0;
            while (i < len && cached.charAt(i) == b[off + i]) {
                i++;
            }
            if (i == len) {
                return cached;
            }
        }
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        KEY_CACHE[slot] = s;
        return s;
    }

    /** Decodes bytes already checked as UTF-8 (by {@link #readTextSpan()} or the like). */
    public static String decodeUtf8(byte[] b, int off, int len) {
        return string(b, off, len);
    }

    /** Decodes bytes already checked as UTF-8. */
    static String string(byte[] b, int off, int len) {
        for (int i = off, e = off + len; i < e; i++) {
            if (b[i] < 0) {
                return new String(b, off, len, StandardCharsets.UTF_8);
            }
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- errors

    private CborException simpleError(int ib) {
        int ai = ib & 31;
        if (ai >= 25 && ai <= 27) {
            return error("floating-point numbers are not allowed");
        }
        if (ai == 23) {
            return error("'undefined' is not allowed");
        }
        if (ai == 31) {
            return error("unexpected 'break' (indefinite-length items are not allowed)");
        }
        return error("simple value " + (ai == 24 && pos + 1 < end ? buf[pos + 1] & 0xff : ai)
                + " is not allowed, only false, true and null");
    }

    private CborException expected(String what) {
        if (pos >= end) {
            return error("unexpected end of data, expected " + what);
        }
        return error("expected " + what + ", found " + describe(buf[pos] & 0xff));
    }

    private static String describe(int ib) {
        switch (ib >>> 5) {
            case MT_UNSIGNED:
            case MT_NEGATIVE:
                return "an integer";
            case MT_BYTES:
                return "a byte string";
            case MT_TEXT:
                return "a text string";
            case MT_ARRAY:
                return "an array";
            case MT_MAP:
                return "a map";
            case MT_TAG:
                return "a tag";
            default:
                return ib == 0xf4 || ib == 0xf5 ? "a boolean" : ib == 0xf6 ? "null" : "a simple or float value";
        }
    }

    /** An error pointing at the current position, for callers that find a problem the reader cannot. */
    public CborException error(String message) {
        return errorAt(pos, message);
    }

    private CborException errorAt(int p, String message) {
        return new CborException("invalid DAG-CBOR at byte " + (p - start) + ": " + message);
    }
}
