package carport.core.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;

/**
 * Atproto JSON written as UTF-8 straight into a growable array: the same bytes as a Jackson generator
 * from {@link AtJson#generator} (with {@link JsPrettyPrinter} when pretty). The CBOR to JSON path uses it
 * because its text arrives as checked UTF-8 that only needs quoting, so there is nothing for a general
 * generator to do but cost time: one generator per record was most of a one-shot unpack's work.
 *
 * <p>Quoting follows the generator's settings: {@code "} and {@code \} and the C0 controls are escaped
 * ({@code \b \t \n \f \r} short, the rest as {@code \}{@code u00xx} in lower-case hex); everything else,
 * non-ASCII included, is copied as is.
 */
final class JsonBytes {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final boolean pretty;
    private byte[] buf;
    private int size;
    /** Per open container, innermost last: see {@link #ARRAY_EMPTY}. */
    private int[] open = new int[8];
    private int depth;

    /** @param sizeHint expected output size; it grows as needed */
    JsonBytes(boolean pretty, int sizeHint) {
        this.pretty = pretty;
        this.buf = new byte[Math.max(64, sizeHint)];
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    // ---------------------------------------------------------------- structure

    void startObject() {
        beforeValue();
        put('{');
        push(0);
    }

    void startArray() {
        beforeValue();
        put('[');
        push(ARRAY_EMPTY);
    }

    void endObject() {
        end('}', open[depth - 1] > 0);
    }

    void endArray() {
        end(']', open[depth - 1] != ARRAY_EMPTY);
    }

    /** A field name of the current object; its value must follow. */
    void fieldName(byte[] b, int off, int len) {
        int top = depth - 1;
        if (open[top]++ > 0) {
            put(',');
        }
        if (pretty) {
            newline();
        }
        quoted(b, off, len);
        put(':');
        if (pretty) {
            put(' ');
        }
    }

    /** Arrays count their values down from ARRAY_EMPTY, objects count their entries up from 0. */
    private static final int ARRAY_EMPTY = -1;

    private void beforeValue() {
        if (depth == 0) {
            return;
        }
        int top = depth - 1;
        if (open[top] < 0) {
            if (open[top]-- != ARRAY_EMPTY) {
                put(',');
            }
            if (pretty) {
                newline();
            }
        }
    }

    private void push(int v) {
        if (depth == open.length) {
            open = Arrays.copyOf(open, 2 * depth);
        }
        open[depth++] = v;
    }

    private void end(char c, boolean hadEntries) {
        depth--;
        if (pretty && hadEntries) {
            newline();
        }
        put(c);
    }

    private void newline() {
        ensure(1 + 2 * depth);
        buf[size++] = '\n';
        for (int i = 0; i < depth; i++) {
            buf[size++] = ' ';
            buf[size++] = ' ';
        }
    }

    // ---------------------------------------------------------------- values

    /** A string given as well-formed UTF-8. */
    void string(byte[] b, int off, int len) {
        beforeValue();
        quoted(b, off, len);
    }

    void number(long v) {
        beforeValue();
        ensure(20);
        if (v < 0) {
            buf[size++] = '-';
            if (v == Long.MIN_VALUE) {
                ascii("9223372036854775808");
                return;
            }
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
    }

    void bool(boolean v) {
        beforeValue();
        ascii(v ? "true" : "false");
    }

    void nul() {
        beforeValue();
        ascii("null");
    }

    /** {@code {"$link": "<cid>"}}. */
    void link(String cid) {
        startObject();
        fieldName(LINK, 0, LINK.length);
        beforeValue();
        put('"');
        ascii(cid);
        put('"');
        endObject();
    }

    /** {@code {"$bytes": "<base64, no padding>"}}. */
    void bytes(byte[] b, int off, int len) {
        startObject();
        fieldName(BYTES, 0, BYTES.length);
        beforeValue();
        byte[] enc = BASE64.encode(Arrays.copyOfRange(b, off, off + len));
        put('"');
        append(enc, 0, enc.length);
        put('"');
        endObject();
    }

    private static final byte[] LINK = {'$', 'l', 'i', 'n', 'k'};
    private static final byte[] BYTES = {'$', 'b', 'y', 't', 'e', 's'};

    // ---------------------------------------------------------------- bytes

    private void quoted(byte[] b, int off, int len) {
        ensure(len + 2L);
        buf[size++] = '"';
        int run = off;
        for (int i = off, e = off + len; i < e; i++) {
            byte c = b[i];
            if ((c >= 0 && c < 0x20) || c == '"' || c == '\\') {
                append(b, run, i - run);
                ensure(6);
                size = escape(buf, size, c);
                run = i + 1;
            }
        }
        append(b, run, off + len - run);
        put('"');
    }

    private void append(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    private static int escape(byte[] o, int p, byte c) {
        o[p++] = '\\';
        switch (c) {
            case '"':
            case '\\':
                o[p++] = c;
                return p;
            case '\b':
                o[p++] = 'b';
                return p;
            case '\t':
                o[p++] = 't';
                return p;
            case '\n':
                o[p++] = 'n';
                return p;
            case '\f':
                o[p++] = 'f';
                return p;
            case '\r':
                o[p++] = 'r';
                return p;
            default:
                o[p++] = 'u';
                o[p++] = '0';
                o[p++] = '0';
                o[p++] = HEX[c >> 4];
                o[p++] = HEX[c & 15];
                return p;
        }
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    private void put(char c) {
        ensure(1);
        buf[size++] = (byte) c;
    }

    private void ensure(long n) {
        if (n > buf.length - size) {
            long want = Math.max(size + n, 2L * buf.length);
            if (size + n > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("JSON output larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(want, Integer.MAX_VALUE - 8));
        }
    }
}
