package carport.records;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes records rows as JSON lines or CSV (docs/records.md): every column on every row, in table order.
 * Not thread-safe; {@link #close()} flushes but does not close the stream.
 */
public abstract class RowWriter implements AutoCloseable {
    /** One JSON object per line; {@code record} is a nested object. */
    public static RowWriter jsonl(OutputStream out) {
        return new Jsonl(out);
    }

    /** CSV (RFC 4180) with a header line; {@code record} is JSON text, nulls are empty fields. */
    public static RowWriter csv(OutputStream out) {
        return new Csv(out);
    }

    public abstract void write(RecordRow row);

    @Override
    public abstract void close();

    /**
     * JSON lines written straight as bytes: the record's JSON (already UTF-8) is copied in, not parsed or
     * re-encoded; strings are escaped as JSON.stringify does (control characters, quote, backslash).
     */
    private static final class Jsonl extends RowWriter {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private final OutputStream out;
        private byte[] buf = new byte[1 << 16];
        private int n;

        Jsonl(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(RecordRow r) {
            raw("{\"did\":");
            str(r.did());
            raw(",\"collection\":");
            str(r.collection());
            raw(",\"rkey\":");
            str(r.rkey());
            raw(",\"uri\":");
            str(r.uri());
            raw(",\"cid\":");
            str(r.cid());
            raw(",\"rev\":");
            str(r.rev());
            raw(",\"type\":");
            str(r.type());
            raw(",\"created_at\":");
            str(r.createdAt() == null ? null : r.createdAt().toString());
            raw(",\"record\":");
            if (r.recordJson() == null) {
                raw("null");
            } else {
                bytes(r.recordJson());
            }
            raw(",\"size\":");
            raw(Integer.toString(r.size()));
            raw("}\n");
            if (n > (1 << 16)) {
                flushBuf();
            }
        }

        private void room(int k) {
            if (n + k > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
            }
        }

        private void raw(String ascii) {
            room(ascii.length());
            for (int i = 0; i < ascii.length(); i++) {
                buf[n++] = (byte) ascii.charAt(i);
            }
        }

        private void bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }

        private void str(String s) {
            if (s == null) {
                raw("null");
                return;
            }
            room(s.length() * 6 + 2);
            buf[n++] = '"';
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    buf[n++] = (byte) c;
                } else if (c == '"' || c == '\\') {
                    buf[n++] = '\\';
                    buf[n++] = (byte) c;
                } else if (c < 0x20) {
                    buf[n++] = '\\';
                    switch (c) {
                        case '\n' -> buf[n++] = 'n';
                        case '\r' -> buf[n++] = 'r';
                        case '\t' -> buf[n++] = 't';
                        case '\b' -> buf[n++] = 'b';
                        case '\f' -> buf[n++] = 'f';
                        default -> {
                            buf[n++] = 'u';
                            buf[n++] = '0';
                            buf[n++] = '0';
                            buf[n++] = HEX[c >> 4];
                            buf[n++] = HEX[c & 15];
                        }
                    }
                } else {
                    strSlow(s, i); // non-ASCII from here on: escape, then encode the rest as UTF-8
                    return;
                }
            }
            buf[n++] = '"';
        }

        /** The rest of a string from {@code from} on, which holds non-ASCII characters, then the closing quote. */
        private void strSlow(String s, int from) {
            StringBuilder esc = new StringBuilder(s.length() - from + 8);
            for (int i = from; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    esc.append('\\').append(c);
                } else if (c < 0x20) {
                    esc.append(String.format("\\u%04x", (int) c));
                } else {
                    esc.append(c);
                }
            }
            bytes(esc.toString().getBytes(StandardCharsets.UTF_8));
            room(1);
            buf[n++] = '"';
        }

        private void flushBuf() {
            try {
                out.write(buf, 0, n);
                n = 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            flushBuf();
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Csv extends RowWriter {
        private final OutputStream out;
        private final StringBuilder line = new StringBuilder(512);

        Csv(OutputStream out) {
            this.out = out;
            StringBuilder h = new StringBuilder();
            for (RecordColumn c : RecordColumn.values()) {
                h.append(h.length() == 0 ? "" : ",").append(c.columnName());
            }
            emit(h.append("\r\n"));
        }

        @Override
        public void write(RecordRow r) {
            line.setLength(0);
            cell(r.did()).append(',');
            cell(r.collection()).append(',');
            cell(r.rkey()).append(',');
            cell(r.uri()).append(',');
            cell(r.cid()).append(',');
            cell(r.rev()).append(',');
            cell(r.type()).append(',');
            cell(r.createdAt() == null ? null : r.createdAt().toString()).append(',');
            cell(r.record()).append(',');
            line.append(r.size()).append("\r\n");
            emit(line);
        }

        private StringBuilder cell(String v) {
            if (v == null) {
                return line;
            }
            boolean quote = false;
            for (int i = 0; i < v.length() && !quote; i++) {
                char c = v.charAt(i);
                quote = c == ',' || c == '"' || c == '\n' || c == '\r';
            }
            if (!quote) {
                return line.append(v);
            }
            line.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                line.append(c);
                if (c == '"') {
                    line.append('"');
                }
            }
            return line.append('"');
        }

        private void emit(CharSequence s) {
            try {
                out.write(s.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
