package carport.records;

import carport.core.InvalidDataException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One row of the blobs table: a line of an export folder's {@code _blobs.jsonl}.
 *
 * @param size bytes of the blob (as the record declares it if the blob is missing)
 * @param mimeType from the first record that references it; null if none does
 * @param records {@code at://} URIs of the records that reference it
 * @param missing true if the export could not fetch it
 */
public record BlobRow(String did, String cid, long size, String mimeType, List<String> records, boolean missing) {
    public BlobRow {
        records = List.copyOf(records);
    }

    /** Reads {@code dir/_blobs.jsonl} (none: no rows) of the account {@code did}; throws on a malformed line. */
    public static void read(Path dir, String did, Consumer<BlobRow> sink) throws IOException {
        Path f = dir.resolve(ExportFiles.BLOBS);
        if (!Files.exists(f)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                sink.accept(parse(line, did, n));
            }
        }
    }

    private static BlobRow parse(String line, String did, int n) {
        String where = ExportFiles.BLOBS + " line " + n;
        JsonNode b;
        try {
            b = AccountRow.JSON.readTree(line);
        } catch (IOException e) {
            throw new InvalidDataException(where + " is not valid JSON");
        }
        if (b == null || !b.isObject() || !b.path("cid").isTextual() || !b.path("size").canConvertToLong()) {
            throw new InvalidDataException(where + " has no \"cid\" and \"size\"");
        }
        List<String> uris = new ArrayList<>();
        for (JsonNode k : b.path("records")) {
            uris.add("at://" + did + "/" + k.asText());
        }
        JsonNode mime = b.get("mimeType");
        return new BlobRow(did, b.get("cid").asText(), b.get("size").asLong(),
                mime == null || mime.isNull() ? null : mime.asText(), uris, b.path("missing").asBoolean(false));
    }
}
