package carport.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Rows of the records table as comparable text: one line per row, the ten columns in table order. */
final class Rows {
    private Rows() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A row as one line; {@code record} (JSON text) is re-serialized so that equal JSON values give equal text. */
    static String line(String did, String collection, String rkey, String uri, String cid, String rev, String type,
            Long createdAtMicros, String record, int size) {
        return String.join("\t", did, collection, rkey, uri, cid, String.valueOf(rev), String.valueOf(type),
                String.valueOf(createdAtMicros), canonical(record), Integer.toString(size));
    }

    /** A line of {@code carport records}' JSONL output ({@code record} a nested object, {@code created_at} ISO text). */
    static String jsonlLine(String jsonl) throws IOException {
        JsonNode n = JSON.readTree(jsonl);
        JsonNode created = n.get("created_at");
        Long micros = created == null || created.isNull() ? null : micros(Instant.parse(created.asText()));
        JsonNode rec = n.get("record");
        return line(text(n, "did"), text(n, "collection"), text(n, "rkey"), text(n, "uri"), text(n, "cid"),
                text(n, "rev"), text(n, "type"), micros, rec == null || rec.isNull() ? null : JSON.writeValueAsString(rec),
                n.get("size").intValue());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String canonical(String json) {
        if (json == null) {
            return "null";
        }
        try {
            return JSON.writeValueAsString(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Spark row of the full records schema. */
    static String line(Row r) {
        Object ts = r.get(7);
        Long micros = null;
        if (ts instanceof Timestamp t) {
            micros = micros(t.toInstant());
        } else if (ts instanceof Instant i) {
            micros = micros(i);
        }
        return line(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), micros, r.getString(8), r.getInt(9));
    }

    static List<String> sorted(List<Row> rows) {
        List<String> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(line(r));
        }
        out.sort(null);
        return out;
    }

    static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }
}
