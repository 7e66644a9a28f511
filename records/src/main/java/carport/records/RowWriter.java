package carport.records;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Writes records rows as JSON lines or CSV (docs/records.md): every column on every row, in table order.
 * Not thread-safe; {@link #close()} flushes but does not close the stream.
 *
 * <p>Both formats are written straight as bytes into one buffer: the record's JSON (already UTF-8) is copied in,
 * not parsed or re-encoded; the DID, rev, collection and type, which repeat from row to row, are encoded once
 * per distinct value; timestamps are formatted without {@code DateTimeFormatter} (the same text as
 * {@link Instant#toString()}).
 */
public abstract class RowWriter implements AutoCloseable {
    /** One JSON object per line; {@code record} is a nested object. */
    public static RowWriter jsonl(OutputStream out) {
        return new Jsonl(out);
    }

    /**
     * CSV (RFC 4180) with a header line; {@code record} is JSON text, nulls are empty fields and empty strings
     * {@code ""}.
     */
    public static RowWriter csv(OutputStream out) {
        return new Delimited(out, ',', '"', "\r\n", true);
    }

    /** The field delimiter of {@link #loadFile}: a tab. */
    public static final char LOAD_FILE_DELIMITER = '\t';
    /** The quote of {@link #loadFile}: U+0001, which compact JSON never holds, so records go in unquoted. */
    public static final char LOAD_FILE_QUOTE = '\u0001';

    /**
     * The file DuckDB loads rows from (carport.sql): delimited text without a header, LF line ends, every column
     * in table order, fields separated by {@link #LOAD_FILE_DELIMITER} and quoted with {@link #LOAD_FILE_QUOTE}
     * (doubled inside) only when they hold the delimiter, the quote, CR or LF or are the empty string; a null is
     * an empty field. Like CSV, but a record's JSON, which holds commas and quotes, is copied as it is.
     */
    public static RowWriter loadFile(OutputStream out) {
        return new Delimited(out, LOAD_FILE_DELIMITER, LOAD_FILE_QUOTE, "\n", false);
    }

    private static final int FLUSH_AT = 1 << 16;

    private final OutputStream out;
    byte[] buf = new byte[FLUSH_AT * 2];
    int n;
    private int lineStart;
    private int longestLine;
    /** The UTF-8 bytes of the last string seen in each repeating column (compared by identity, then value). */
    private final String[] lastString = new String[4];
    private final byte[][] lastBytes = new byte[4][];

    static final int DID = 0;
    static final int REV = 1;
    static final int COLLECTION = 2;
    static final int TYPE = 3;

    RowWriter(OutputStream out) {
        this.out = out;
    }

    public abstract void write(RecordRow row);

    /** The UTF-8 bytes of {@code s}, encoded once while it repeats in column slot {@code slot}. */
    final byte[] utf8(String s, int slot) {
        String last = lastString[slot];
        if (s == last || s.equals(last)) {
            return lastBytes[slot];
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        lastString[slot] = s;
        lastBytes[slot] = b;
        return b;
    }

    final void room(int k) {
        if (n + k > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
        }
    }

    final void raw(String ascii) {
        room(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buf[n++] = (byte) ascii.charAt(i);
        }
    }

    final void bytes(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
    }

    final void digits(int v, int width) {
        for (int i = n + width - 1; i >= n; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        n += width;
    }

    final void integer(int v) {
        if (v >= 0 && v < 10) {
            room(1);
            buf[n++] = (byte) ('0' + v);
        } else {
            raw(Integer.toString(v));
        }
    }

    /**
     * {@code t} as {@link Instant#toString()} writes it ({@code 2024-11-22T17:31:18.980Z}: seconds always, the
     * fraction in groups of three digits as needed), for the years 0000-9999 that atproto datetimes can name;
     * other instants go through {@link Instant#toString()}.
     */
    final void timestamp(Instant t) {
        long sec = t.getEpochSecond();
        long day = Math.floorDiv(sec, 86_400L);
        if (day < MIN_DAY || day > MAX_DAY) {
            raw(t.toString());
            return;
        }
        int secOfDay = (int) Math.floorMod(sec, 86_400L);
        LocalDate d = LocalDate.ofEpochDay(day);
        room(30);
        digits(d.getYear(), 4);
        buf[n++] = '-';
        digits(d.getMonthValue(), 2);
        buf[n++] = '-';
        digits(d.getDayOfMonth(), 2);
        buf[n++] = 'T';
        digits(secOfDay / 3600, 2);
        buf[n++] = ':';
        digits(secOfDay / 60 % 60, 2);
        buf[n++] = ':';
        digits(secOfDay % 60, 2);
        int nano = t.getNano();
        if (nano != 0) {
            buf[n++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(nano / 1000, 6);
            } else {
                digits(nano, 9);
            }
        }
        buf[n++] = 'Z';
    }

    private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    /** Bytes of the longest row written so far (its line ending included). */
    public final int longestLine() {
        return longestLine;
    }

    /** Ends a row: notes its length, and flushes when the buffer is full. */
    final void endRow() {
        longestLine = Math.max(longestLine, n - lineStart);
        if (n >= FLUSH_AT) {
            flushBuf();
        }
        lineStart = n;
    }

    private void flushBuf() {
        try {
            out.write(buf, 0, n);
            n = 0;
            lineStart = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public final void close() {
        flushBuf();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON lines; strings are escaped as JSON.stringify does (control characters, quote, backslash). */
    private static final class Jsonl extends RowWriter {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        Jsonl(OutputStream out) {
            super(out);
        }

        @Override
        public void write(RecordRow r) {
            raw("{\"did\":");
            str(r.did(), DID);
            raw(",\"collection\":");
            str(r.collection(), COLLECTION);
            raw(",\"rkey\":");
            str(r.rkey(), -1);
            raw(",\"uri\":");
            str(r.uri(), -1);
            raw(",\"cid\":");
            str(r.cid(), -1);
            raw(",\"rev\":");
            str(r.rev(), REV);
            raw(",\"type\":");
            str(r.type(), TYPE);
            raw(",\"created_at\":");
            if (r.createdAt() == null) {
                raw("null");
            } else {
                room(1);
                buf[n++] = '"';
                timestamp(r.createdAt());
                room(1);
                buf[n++] = '"';
            }
            raw(",\"record\":");
            if (r.recordJson() == null) {
                raw("null");
            } else {
                bytes(r.recordJson());
            }
            raw(",\"size\":");
            integer(r.size());
            raw("}\n");
            endRow();
        }

        /** A JSON string; {@code slot} names a repeating column whose encoding is kept, or is -1. */
        private void str(String s, int slot) {
            if (s == null) {
                raw("null");
                return;
            }
            byte[] b = slot < 0 ? s.getBytes(StandardCharsets.UTF_8) : utf8(s, slot);
            room(b.length * 6 + 2);
            buf[n++] = '"';
            for (byte c : b) {
                if (c >= 0x20 && c != '"' && c != '\\' || c < 0) { // c < 0: part of a multi-byte UTF-8 sequence
                    buf[n++] = c;
                } else if (c == '"' || c == '\\') {
                    buf[n++] = '\\';
                    buf[n++] = c;
                } else {
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
                }
            }
            buf[n++] = '"';
        }
    }

    /**
     * Delimited text: a field is quoted (the quote doubled inside) when it holds the delimiter, the quote, CR or
     * LF, or is the empty string; an empty unquoted field is null.
     */
    private static final class Delimited extends RowWriter {
        private final byte delim;
        private final byte quote;
        private final String lineEnd;

        Delimited(OutputStream out, char delim, char quote, String lineEnd, boolean header) {
            super(out);
            this.delim = (byte) delim;
            this.quote = (byte) quote;
            this.lineEnd = lineEnd;
            if (header) {
                for (RecordColumn c : RecordColumn.values()) {
                    raw(c.ordinal() == 0 ? "" : String.valueOf(delim));
                    raw(c.columnName());
                }
                raw(lineEnd);
                endRow();
            }
        }

        @Override
        public void write(RecordRow r) {
            cell(r.did(), DID);
            cell(r.collection(), COLLECTION);
            cell(r.rkey(), -1);
            cell(r.uri(), -1);
            cell(r.cid(), -1);
            cell(r.rev(), REV);
            cell(r.type(), TYPE);
            if (r.createdAt() != null) {
                timestamp(r.createdAt());
            }
            room(1);
            buf[n++] = delim;
            if (r.recordJson() != null) {
                cell(r.recordJson());
            }
            room(1);
            buf[n++] = delim;
            integer(r.size());
            raw(lineEnd);
            endRow();
        }

        private void cell(String v, int slot) {
            if (v != null) {
                cell(slot < 0 ? v.getBytes(StandardCharsets.UTF_8) : utf8(v, slot));
            }
            room(1);
            buf[n++] = delim;
        }

        private void cell(byte[] b) {
            boolean quoted = b.length == 0; // quoted empty: the empty string; an empty field is null
            for (int i = 0; i < b.length && !quoted; i++) {
                byte c = b[i];
                quoted = c == delim || c == quote || c == '\n' || c == '\r';
            }
            if (!quoted) {
                bytes(b);
                return;
            }
            room(2 * b.length + 2);
            buf[n++] = quote;
            for (byte c : b) {
                buf[n++] = c;
                if (c == quote) {
                    buf[n++] = quote;
                }
            }
            buf[n++] = quote;
        }
    }
}
