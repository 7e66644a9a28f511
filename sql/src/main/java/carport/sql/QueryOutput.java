package carport.sql;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a query result as an aligned text table, CSV (RFC 4180, header line) or JSON lines. */
public final class QueryOutput {
    public enum Format {
        TABLE, CSV, JSONL;

        public static Format of(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** Rows a text table shows at most (it holds them to size the columns); the rest are counted. */
    public static final int MAX_TABLE_ROWS = 10_000;

    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private QueryOutput() {}

    /** Writes {@code rs} to {@code out} (flushed, not closed); returns the number of rows. */
    public static long write(ResultSet rs, Format format, OutputStream out) throws SQLException, IOException {
        return switch (format) {
            case TABLE -> table(rs, out);
            case CSV -> csv(rs, out);
            case JSONL -> jsonl(rs, out);
        };
    }

    private static long table(ResultSet rs, OutputStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] names = new String[n];
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            names[i] = md.getColumnLabel(i + 1);
            width[i] = names[i].length();
            String t = md.getColumnTypeName(i + 1).toUpperCase(Locale.ROOT);
            right[i] = t.contains("INT") || t.equals("DOUBLE") || t.equals("FLOAT") || t.startsWith("DECIMAL")
                    || t.equals("REAL");
        }
        List<String[]> rows = new ArrayList<>();
        long total = 0;
        while (rs.next()) {
            total++;
            if (rows.size() >= MAX_TABLE_ROWS) {
                continue;
            }
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                String v = text(rs, i + 1);
                row[i] = v == null ? "NULL" : v.replaceAll("\\p{Cntrl}", " ");
                if (row[i].length() > 80) {
                    row[i] = row[i].substring(0, 79) + "…";
                }
                width[i] = Math.max(width[i], row[i].length());
            }
            rows.add(row);
        }
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        w.println(line(names, width, new boolean[n]));
        w.println(rule);
        for (String[] row : rows) {
            w.println(line(row, width, right));
        }
        w.println("(" + total + (total == 1 ? " row" : " rows")
                + (total > rows.size() ? ", the first " + rows.size() + " shown; use --format csv or jsonl" : "") + ")");
        w.flush();
        return total;
    }

    private static String line(String[] cells, int[] width, boolean[] right) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(" | ");
            }
            String pad = " ".repeat(width[i] - cells[i].length());
            sb.append(right[i] ? pad + cells[i] : cells[i] + (i == cells.length - 1 ? "" : pad));
        }
        return sb.toString();
    }

    private static long csv(ResultSet rs, OutputStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            cell(sb.append(i == 0 ? "" : ","), md.getColumnLabel(i + 1));
        }
        w.append(sb).append("\r\n");
        long rows = 0;
        while (rs.next()) {
            rows++;
            sb.setLength(0);
            for (int i = 0; i < n; i++) {
                String v = text(rs, i + 1);
                cell(sb.append(i == 0 ? "" : ","), v);
            }
            w.append(sb).append("\r\n");
        }
        w.flush();
        return rows;
    }

    private static void cell(StringBuilder sb, String v) {
        if (v == null) {
            return;
        }
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            sb.append(v);
            return;
        }
        sb.append('"').append(v.replace("\"", "\"\"")).append('"');
    }

    private static long jsonl(ResultSet rs, OutputStream out) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] names = new String[n];
        boolean[] json = new boolean[n];
        for (int i = 0; i < n; i++) {
            names[i] = md.getColumnLabel(i + 1);
            json[i] = md.getColumnTypeName(i + 1).equalsIgnoreCase("JSON");
        }
        long rows = 0;
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            while (rs.next()) {
                rows++;
                g.writeStartObject();
                for (int i = 0; i < n; i++) {
                    g.writeFieldName(names[i]);
                    Object v = rs.getObject(i + 1);
                    if (v != null && json[i]) {
                        g.writeRawValue(v.toString());
                    } else {
                        value(g, v);
                    }
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
            g.flush();
        }
        return rows;
    }

    private static void value(JsonGenerator g, Object v) throws IOException, SQLException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof java.math.BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof java.math.BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeString(Double.toString(d));
            }
        } else if (v instanceof Array a) {
            g.writeStartArray();
            for (Object o : (Object[]) a.getArray()) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(text(v));
        }
    }

    /** A value as text: timestamps with a time zone in ISO 8601 UTC, lists as [a, b]. */
    static String text(ResultSet rs, int col) throws SQLException {
        Object v = rs.getObject(col);
        return v == null ? null : text(v);
    }

    private static String text(Object v) throws SQLException {
        if (v instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof Array a) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : (Object[]) a.getArray()) {
                sb.append(sb.length() == 1 ? "" : ", ").append(o == null ? "NULL" : text(o));
            }
            return sb.append(']').toString();
        }
        return v.toString();
    }
}
