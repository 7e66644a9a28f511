package carport.records;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes records rows as JSON lines or CSV (docs/records.md): every column on every row, in table order.
 * Not thread-safe; {@link #close()} flushes but does not close the stream.
 */
public abstract class RowWriter implements AutoCloseable {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .build();

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

    private static final class Jsonl extends RowWriter {
        private final JsonGenerator g;

        Jsonl(OutputStream out) {
            try {
                g = JSON.createGenerator(out, JsonEncoding.UTF8);
                g.setRootValueSeparator(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(RecordRow r) {
            try {
                g.writeStartObject();
                field("did", r.did());
                field("collection", r.collection());
                field("rkey", r.rkey());
                field("uri", r.uri());
                field("cid", r.cid());
                field("rev", r.rev());
                field("type", r.type());
                field("created_at", r.createdAt() == null ? null : r.createdAt().toString());
                g.writeFieldName("record");
                if (r.recordJson() == null) {
                    g.writeNull();
                } else {
                    g.writeRawValue(new String(r.recordJson(), StandardCharsets.UTF_8));
                }
                g.writeNumberField("size", r.size());
                g.writeEndObject();
                g.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void field(String name, String value) throws IOException {
            if (value == null) {
                g.writeNullField(name);
            } else {
                g.writeStringField(name, value);
            }
        }

        @Override
        public void close() {
            try {
                g.close();
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
