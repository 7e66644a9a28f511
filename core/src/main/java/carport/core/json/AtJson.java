package carport.core.json;

import carport.core.InvalidDataException;
import carport.core.cbor.CborException;
import carport.core.cbor.CborReader;
import carport.core.cid.Cid;
import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of the atproto data model: {@code {"$link": "b..."}} is a {@link Cid},
 * {@code {"$bytes": "<base64>"}} is a {@code byte[]} (written as standard base64 without padding, read
 * with or without), everything else maps one to one onto the DAG-CBOR value model of
 * {@link carport.core.cbor.DagCbor}. Blobs ({@code $type: "blob"}) and legacy blobs stay plain maps.
 *
 * <p>Reading is strict: numbers must be integers within 64 bits (a float with no fractional part such as
 * {@code 1.0} is taken as that integer), {@code $link}/{@code $bytes} objects must have exactly that one
 * field of the right type, {@code $type} must be a non-empty string, blobs must carry ref, mimeType and an
 * integer size, and duplicate keys are refused.
 */
public final class AtJson {
    /**
     * Jackson, set up on first use: the CBOR to JSON path ({@link JsonBytes}) does not need it, and
     * loading it costs a one-shot command tens of milliseconds.
     */
    static final class Jackson {
        private Jackson() {}

        // Output as JSON.stringify writes it: astral characters as raw UTF-8 (not as escaped surrogate
        // pairs), control characters as lower-case hex escapes, slashes unescaped.
        static final JsonFactory FACTORY = new JsonFactoryBuilder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                // after a failure half-way, do not dress the partial output up as complete JSON
                .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
                .build();
        static final Base64Variant BASE64_NO_PADDING = Base64Variants.MIME_NO_LINEFEEDS.withWritePadding(false);
    }

    static final int MAX_DEPTH = CborReader.DEFAULT_MAX_DEPTH;

    private AtJson() {}

    // ---------------------------------------------------------------- reading

    /** Parses atproto JSON into the data model. Any JSON value is allowed at the top. */
    public static Object fromJson(String json) {
        try (JsonParser p = Jackson.FACTORY.createParser(json)) {
            return parseWhole(p);
        } catch (JsonProcessingException e) {
            throw jsonError(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #fromJson(String)} for JSON bytes (UTF-8; Jackson also detects UTF-16/32). */
    public static Object fromJson(byte[] json) {
        try (JsonParser p = Jackson.FACTORY.createParser(json)) {
            return parseWhole(p);
        } catch (JsonProcessingException e) {
            throw jsonError(e);
        } catch (IOException e) {
            // from memory, only a character decoding problem (e.g. a bogus UTF-32 guess) can get here
            throw new InvalidDataException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** As {@link #fromJson(String)} for a UTF-8 stream (read to its end, not closed). */
    public static Object fromJson(InputStream json) throws IOException {
        try (JsonParser p = Jackson.FACTORY.createParser(json)) {
            return parseWhole(p);
        } catch (JsonProcessingException e) {
            throw jsonError(e);
        } catch (CharConversionException e) {
            throw new InvalidDataException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Parses a record: atproto JSON whose top level must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> recordFromJson(String json) {
        Object v = fromJson(json);
        if (!(v instanceof Map)) {
            throw new InvalidDataException("invalid record JSON: the top level must be an object");
        }
        return (Map<String, Object>) v;
    }

    private static Object parseWhole(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new InvalidDataException("invalid JSON: empty input");
        }
        Object v = value(p, t, 0);
        if (p.nextToken() != null) {
            throw new InvalidDataException("invalid JSON: more than one value at line " + p.currentLocation().getLineNr());
        }
        return v;
    }

    private static Object value(JsonParser p, JsonToken t, int depth) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return checkedString(p);
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw dataError(p, "integer " + p.getText() + " is outside the signed 64-bit range");
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return integralFloat(p);
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_ARRAY: {
                checkDepth(p, depth);
                List<Object> list = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(p, n, depth + 1));
                }
                return list;
            }
            case START_OBJECT:
                checkDepth(p, depth);
                return object(p, depth);
            default:
                throw dataError(p, "unexpected " + t);
        }
    }

    private static Object object(JsonParser p, int depth) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            checkString(p, name);
            JsonToken vt = p.nextToken();
            if (name.startsWith("$")) {
                if (name.equals("$link") || name.equals("$bytes")) {
                    if (vt != JsonToken.VALUE_STRING) {
                        throw dataError(p, "\"" + name + "\" must be a string");
                    }
                    String s = p.getText();
                    if (map.isEmpty() && p.nextToken() == JsonToken.END_OBJECT) {
                        return name.equals("$link") ? link(p, s) : bytes(p, s);
                    }
                    throw dataError(p, "an object with \"" + name + "\" must have no other fields");
                }
                if (name.equals("$type") && (vt != JsonToken.VALUE_STRING || p.getText().isEmpty())) {
                    throw dataError(p, "\"$type\" must be a non-empty string");
                }
            }
            map.put(name, value(p, vt, depth + 1));
        }
        if (t != JsonToken.END_OBJECT) {
            throw dataError(p, "unexpected " + t);
        }
        if (map.containsKey("$link") || map.containsKey("$bytes")) {
            throw dataError(p, "an object with \"$link\" or \"$bytes\" must have no other fields");
        }
        if ("blob".equals(map.get("$type"))) {
            checkBlob(p, map);
        }
        return map;
    }

    private static void checkBlob(JsonParser p, Map<String, Object> blob) {
        String problem = blobProblem(blob);
        if (problem != null) {
            throw dataError(p, problem);
        }
    }

    /** Why a {@code $type: blob} map is malformed, or null. */
    static String blobProblem(Map<?, ?> blob) {
        if (!(blob.get("ref") instanceof Cid)) {
            return "a blob must have a \"ref\" link";
        }
        if (!(blob.get("mimeType") instanceof String)) {
            return "a blob must have a string \"mimeType\"";
        }
        Object size = blob.get("size");
        if (!(size instanceof Long || size instanceof Integer)) {
            return "a blob must have an integer \"size\"";
        }
        return null;
    }

    private static Cid link(JsonParser p, String s) {
        try {
            return Cid.parse(s);
        } catch (InvalidDataException e) {
            throw dataError(p, "bad \"$link\": " + e.getMessage());
        }
    }

    private static byte[] bytes(JsonParser p, String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw dataError(p, "\"$bytes\" is not valid base64");
        }
    }

    private static Long integralFloat(JsonParser p) throws IOException {
        try {
            BigDecimal d = p.getDecimalValue();
            return d.longValueExact();
        } catch (ArithmeticException | NumberFormatException e) { // not integral, too big, or exponent overflow
            throw dataError(p, "number " + p.getText() + " is not an integer (floats are not allowed)");
        }
    }

    private static String checkedString(JsonParser p) throws IOException {
        String s = p.getText();
        checkString(p, s);
        return s;
    }

    /** JSON escapes can spell unpaired surrogates, which no UTF-8 string (and so no CBOR text) can hold. */
    private static void checkString(JsonParser p, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw dataError(p, "string contains an unpaired surrogate");
                }
            }
        }
    }

    private static void checkDepth(JsonParser p, int depth) {
        if (depth >= MAX_DEPTH) {
            throw dataError(p, "nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private static InvalidDataException dataError(JsonParser p, String message) {
        return new InvalidDataException("invalid atproto JSON at line " + p.currentLocation().getLineNr()
                + ", column " + p.currentLocation().getColumnNr() + ": " + message);
    }

    private static InvalidDataException jsonError(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return new InvalidDataException("invalid JSON" + where + ": " + e.getOriginalMessage(), e);
    }

    /**
     * Checks the data-model rules that the CBOR codec leaves alone: {@code $type} is a non-empty string,
     * blobs carry ref, mimeType and an integer size. {@link #fromJson} applies these already.
     */
    public static void validate(Object value) {
        validate(value, 0);
    }

    private static void validate(Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidDataException("invalid data: nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            if (m.containsKey("$type")) {
                Object type = m.get("$type");
                if (!(type instanceof String) || ((String) type).isEmpty()) {
                    throw new InvalidDataException("invalid data: \"$type\" must be a non-empty string");
                }
                if (type.equals("blob")) {
                    String problem = blobProblem(m);
                    if (problem != null) {
                        throw new InvalidDataException("invalid data: " + problem);
                    }
                }
            }
            for (Object item : m.values()) {
                validate(item, depth + 1);
            }
        } else if (v instanceof List) {
            for (Object item : (List<?>) v) {
                validate(item, depth + 1);
            }
        }
    }

    // ---------------------------------------------------------------- writing

    /** The JSON form of a data-model value; {@code pretty} indents by two spaces like JSON.stringify(v, null, 2). */
    public static String toJson(Object value, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        writeJson(value, out, pretty);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes the JSON form of a value as UTF-8 to {@code out} (flushed, not closed). */
    public static void writeJson(Object value, OutputStream out, boolean pretty) {
        try (JsonGenerator g = generator(out, pretty)) {
            write(g, value, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonGenerator generator(OutputStream out, boolean pretty) throws IOException {
        JsonGenerator g = Jackson.FACTORY.createGenerator(out, JsonEncoding.UTF8);
        if (pretty) {
            g.setPrettyPrinter(new JsPrettyPrinter());
        }
        return g;
    }

    private static void write(JsonGenerator g, Object v, int depth) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String) {
            g.writeString((String) v);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof Map) {
            checkWriteDepth(depth);
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new InvalidDataException("cannot write JSON: map keys must be strings");
                }
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (v instanceof List) {
            checkWriteDepth(depth);
            g.writeStartArray();
            for (Object item : (List<?>) v) {
                write(g, item, depth + 1);
            }
            g.writeEndArray();
        } else if (v instanceof Cid) {
            writeLink(g, v.toString());
        } else if (v instanceof byte[]) {
            byte[] b = (byte[]) v;
            writeBytes(g, b, 0, b.length);
        } else {
            throw new InvalidDataException("cannot write a " + v.getClass().getName() + " as atproto JSON");
        }
    }

    private static void checkWriteDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new InvalidDataException("cannot write JSON: nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    static void writeLink(JsonGenerator g, String cid) throws IOException {
        g.writeStartObject();
        g.writeFieldName("$link");
        g.writeString(cid);
        g.writeEndObject();
    }

    static void writeBytes(JsonGenerator g, byte[] b, int off, int len) throws IOException {
        g.writeStartObject();
        g.writeFieldName("$bytes");
        g.writeBinary(Jackson.BASE64_NO_PADDING, b, off, len);
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- CBOR -> JSON

    /**
     * Writes the JSON form of one DAG-CBOR block straight from its bytes, with the same strictness as
     * {@link carport.core.cbor.DagCbor#decode(byte[], int, int)} and the same output as
     * {@code toJson(DagCbor.decode(...))}, without building the value.
     *
     * @throws CborException if the block is not valid DAG-CBOR (some JSON may have been written already)
     */
    public static void transcode(byte[] cbor, int off, int len, OutputStream out, boolean pretty) {
        transcode(cbor, off, len, out, pretty, false);
    }

    /**
     * As {@link #transcode(byte[], int, int, OutputStream, boolean)}; with {@code lenientCids} it accepts
     * foreign CIDs in tag 42 like {@link carport.core.cbor.DagCbor#decodeLenient} (a CIDv0 is written as
     * its "Qm..." string, others in base32).
     */
    public static void transcode(byte[] cbor, int off, int len, OutputStream out, boolean pretty,
            boolean lenientCids) {
        // pretty JSON of a typical record is about twice its DAG-CBOR size
        JsonBytes json = new JsonBytes(pretty, (int) Math.min(1 << 20, 2L * len + 64));
        try {
            CborReader r = new CborReader(cbor, off, len, lenientCids);
            CborToJson.item(r, json);
            r.expectEnd();
        } finally {
            // like a streaming generator, hand over what was written even if the block turned out invalid
            try {
                json.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@link #transcode(byte[], int, int, OutputStream, boolean)} into a String. */
    public static String transcode(byte[] cbor, int off, int len, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, len * 2));
        transcode(cbor, off, len, out, pretty);
        return out.toString(StandardCharsets.UTF_8);
    }
}
