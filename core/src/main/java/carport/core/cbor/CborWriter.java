package carport.core.cbor;

import carport.core.cid.Cid;
import java.util.Arrays;

/**
 * Writes DAG-CBOR items into a growable byte array, always with minimal heads. It does not sort map
 * keys: a caller writing a map by hand writes the keys in canonical order (shorter first, then bytewise),
 * as {@link DagCbor#encode} does. Not thread-safe; {@link #reset()} reuses the buffer.
 */
public final class CborWriter {
    private byte[] buf;
    private int len;

    public CborWriter() {
        this(256);
    }

    public CborWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return len;
    }

    public CborWriter reset() {
        len = 0;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The internal buffer; valid bytes are {@code [0, size())}. */
    public byte[] buffer() {
        return buf;
    }

    private void ensure(int n) {
        if (buf.length - len < n) {
            long want = Math.max((long) buf.length * 2, (long) len + n);
            if (want > Integer.MAX_VALUE - 8) {
                if ((long) len + n > Integer.MAX_VALUE - 8) {
                    throw new CborException("encoded value is larger than 2 GiB");
                }
                want = Integer.MAX_VALUE - 8;
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    /** A head: major type and unsigned argument (values above Long.MAX_VALUE passed as negative). */
    void head(int major, long v) {
        ensure(9);
        int mt = major << 5;
        if (v >= 0 && v < 24) {
            buf[len++] = (byte) (mt | (int) v);
        } else if (v >= 0 && v < 0x100) {
            buf[len++] = (byte) (mt | 24);
            buf[len++] = (byte) v;
        } else if (v >= 0 && v < 0x10000) {
            buf[len++] = (byte) (mt | 25);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        } else if (v >= 0 && v < 0x1_0000_0000L) {
            buf[len++] = (byte) (mt | 26);
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        } else {
            buf[len++] = (byte) (mt | 27);
            for (int s = 56; s >= 0; s -= 8) {
                buf[len++] = (byte) (v >>> s);
            }
        }
    }

    public CborWriter writeLong(long v) {
        if (v >= 0) {
            head(CborReader.MT_UNSIGNED, v);
        } else {
            head(CborReader.MT_NEGATIVE, -1 - v);
        }
        return this;
    }

    public CborWriter writeBoolean(boolean v) {
        ensure(1);
        buf[len++] = (byte) (v ? 0xf5 : 0xf4);
        return this;
    }

    public CborWriter writeNull() {
        ensure(1);
        buf[len++] = (byte) 0xf6;
        return this;
    }

    public CborWriter writeBytes(byte[] b) {
        return writeBytes(b, 0, b.length);
    }

    public CborWriter writeBytes(byte[] b, int off, int n) {
        head(CborReader.MT_BYTES, n);
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** A text string already in valid UTF-8 (not checked here). */
    public CborWriter writeTextUtf8(byte[] utf8, int off, int n) {
        head(CborReader.MT_TEXT, n);
        ensure(n);
        System.arraycopy(utf8, off, buf, len, n);
        len += n;
        return this;
    }

    /** A text string; fails on unpaired surrogates, which have no UTF-8 form. */
    @SuppressWarnings("deprecation")
    public CborWriter writeText(String s) {
        int n = s.length();
        int ascii = 0;
        while (ascii < n && s.charAt(ascii) < 0x80) {
            ascii++;
        }
        if (ascii == n) {
            head(CborReader.MT_TEXT, n);
            ensure(n);
            s.getBytes(0, n, buf, len); // deprecated for its lossy narrowing, exact for ASCII
            len += n;
            return this;
        }
        int utf8Len = utf8Length(s, ascii);
        head(CborReader.MT_TEXT, utf8Len);
        ensure(utf8Len);
        len = encodeUtf8(s, buf, len);
        return this;
    }

    /** A text string the caller knows to be ASCII. */
    @SuppressWarnings("deprecation")
    void writeAsciiText(String s) {
        int n = s.length();
        head(CborReader.MT_TEXT, n);
        ensure(n);
        s.getBytes(0, n, buf, len); // exact for ASCII
        len += n;
    }

    public CborWriter writeCid(Cid cid) {
        int n = cid.byteLength();
        ensure(2 + 9 + 1 + n);
        buf[len++] = (byte) 0xd8;
        buf[len++] = 42;
        head(CborReader.MT_BYTES, n + 1);
        buf[len++] = 0;
        len += cid.copyBytesTo(buf, len);
        return this;
    }

    public CborWriter writeArrayHeader(int n) {
        head(CborReader.MT_ARRAY, n);
        return this;
    }

    public CborWriter writeMapHeader(int n) {
        head(CborReader.MT_MAP, n);
        return this;
    }

    /** Appends bytes that already are DAG-CBOR items. */
    public CborWriter writeRaw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    // ---------------------------------------------------------------- UTF-8

    /** UTF-8 length of {@code s}, of which the first {@code from} chars are known to be ASCII. */
    static int utf8Length(String s, int from) {
        long n = from;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    throw new CborException("text contains an unpaired surrogate at index " + i
                            + " and cannot be encoded as UTF-8");
                }
            } else {
                n += 3;
            }
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new CborException("text string is too long");
        }
        return (int) n;
    }

    /** Encodes {@code s} (already checked by {@link #utf8Length}) at {@code o}; returns the new end. */
    static int encodeUtf8(String s, byte[] out, int o) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xc0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[o++] = (byte) (0xf0 | (cp >> 18));
                out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                out[o++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                out[o++] = (byte) (0xe0 | (c >> 12));
                out[o++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[o++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return o;
    }

    /** UTF-8 bytes of {@code s}, refusing unpaired surrogates. */
    @SuppressWarnings("deprecation")
    static byte[] utf8(String s) {
        int n = s.length();
        int ascii = 0;
        while (ascii < n && s.charAt(ascii) < 0x80) {
            ascii++;
        }
        byte[] out = new byte[ascii == n ? n : utf8Length(s, ascii)];
        if (ascii == n) {
            s.getBytes(0, n, out, 0);
        } else {
            encodeUtf8(s, out, 0);
        }
        return out;
    }
}
