package carport.export;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something an export could not do or could not verify, recorded in {@code _export.json} rather than
 * ending the export: a blob the PDS does not have, a record that cannot be written.
 *
 * @param kind what failed: "blob", "record", "identity", "repo"
 * @param subject the blob CID, record key, ... it is about
 * @param message one line saying what happened
 */
public record Failure(String kind, String subject, String message) {
    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("subject", subject);
        m.put("message", message);
        return m;
    }

    static Failure fromMap(Map<?, ?> m) {
        return new Failure(Json.string(m, "kind"), Json.string(m, "subject"), Json.string(m, "message"));
    }

    @Override
    public String toString() {
        return kind + " " + subject + ": " + message;
    }
}
