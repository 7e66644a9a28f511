package carport.export;

import carport.core.InvalidDataException;
import carport.core.json.AtJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Small helpers to read carport's own JSON files. */
final class Json {
    private Json() {}

    static Map<?, ?> object(byte[] json, String what) {
        Object v;
        try {
            v = AtJson.fromJson(json);
        } catch (InvalidDataException e) {
            throw new InvalidDataException(what + " is not valid JSON: " + e.getMessage());
        }
        if (!(v instanceof Map)) {
            throw new InvalidDataException(what + " is not a JSON object");
        }
        return (Map<?, ?>) v;
    }

    static String string(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof String)) {
            throw new InvalidDataException("field \"" + field + "\" is missing or not a string");
        }
        return (String) v;
    }

    static String optString(Map<?, ?> m, String field) {
        Object v = m.get(field);
        return v instanceof String ? (String) v : null;
    }

    static long number(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof Long)) {
            throw new InvalidDataException("field \"" + field + "\" is missing or not an integer");
        }
        return (Long) v;
    }

    static boolean bool(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof Boolean)) {
            throw new InvalidDataException("field \"" + field + "\" is missing or not a boolean");
        }
        return (Boolean) v;
    }

    static List<?> list(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof List)) {
            throw new InvalidDataException("field \"" + field + "\" is missing or not an array");
        }
        return (List<?>) v;
    }

    /** Pretty JSON plus a final newline. */
    static byte[] pretty(Object value) {
        return (AtJson.toJson(value, true) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One line of JSON lines. */
    static String line(Object value) {
        return AtJson.toJson(value, false);
    }
}
