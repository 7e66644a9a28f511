package carport.records;

import carport.core.InvalidDataException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One row of the accounts table: an export folder's {@code _export.json} (docs/export-format.md), as the
 * export says it is; {@link RecordsReader} checks the repository itself.
 */
public record AccountRow(String did, String handle, String pds, String rev, String commit, long records, long blobs,
        boolean verified, Instant finished) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code dir/_export.json}; throws {@link InvalidDataException} (one line) if it is not a manifest. */
    public static AccountRow read(Path dir) throws IOException {
        Path f = dir.resolve(ExportFiles.MANIFEST);
        if (Files.size(f) > (16 << 20)) {
            throw new InvalidDataException(ExportFiles.MANIFEST + " is larger than 16 MiB; not a manifest");
        }
        JsonNode m;
        try {
            m = JSON.readTree(Files.readAllBytes(f));
        } catch (IOException e) {
            throw new InvalidDataException(ExportFiles.MANIFEST + " is not valid JSON");
        }
        if (m == null || !m.isObject()) {
            throw new InvalidDataException(ExportFiles.MANIFEST + " is not a JSON object");
        }
        try {
            return new AccountRow(text(m, "did", true), text(m, "handle", false), text(m, "pds", false),
                    text(m, "rev", false), text(m, "commit", true), number(m, "records"), number(m, "blobs"),
                    m.path("verified").asBoolean(false),
                    m.hasNonNull("finished") ? Instant.parse(m.get("finished").asText()) : null);
        } catch (DateTimeParseException e) {
            throw new InvalidDataException(ExportFiles.MANIFEST + ": \"finished\" is not a time");
        }
    }

    private static String text(JsonNode m, String field, boolean required) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidDataException(ExportFiles.MANIFEST + " has no \"" + field + "\"");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidDataException(ExportFiles.MANIFEST + ": \"" + field + "\" is not a string");
        }
        return v.asText();
    }

    private static long number(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new InvalidDataException(ExportFiles.MANIFEST + ": \"" + field + "\" is not an integer");
        }
        return v.asLong();
    }
}
