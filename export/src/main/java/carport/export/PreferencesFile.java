package carport.export;

import carport.core.InvalidDataException;
import carport.core.syntax.Did;
import carport.export.store.FileOps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code _preferences.json} in an export: the account's private preferences
 * ({@code app.bsky.actor.getPreferences}), which only a logged-in export can fetch
 * ({@code export --login}) and which {@code migrate} and {@code restore} put back. The file is
 * {@code {"did": DID, "preferences": [...]}}, the array exactly as the PDS served it; written
 * atomically (a crash leaves the old file or the new one, never half of one).
 */
public final class PreferencesFile {
    public static final String NAME = "_preferences.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PreferencesFile() {
    }

    /** Writes the preferences of {@code did} into the export folder {@code dir}. */
    public static void write(Path dir, Did did, ArrayNode preferences) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("did", did.toString());
        o.set("preferences", preferences);
        byte[] bytes = JSON.writeValueAsBytes(o);
        byte[] withNewline = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        withNewline[bytes.length] = '\n';
        FileOps.writeAtomic(dir.resolve(NAME), withNewline, dir, true);
    }

    /**
     * The preferences kept in {@code dir}, or empty if the export has none.
     *
     * @throws InvalidDataException if the file is not what {@link #write} writes, or names another DID
     */
    public static Optional<ArrayNode> read(Path dir, Did did) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(NAME));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidDataException(NAME + " is not valid JSON");
        }
        if (n == null || !n.isObject() || !n.path("preferences").isArray() || !n.path("did").isTextual()) {
            throw new InvalidDataException(NAME + " is not {\"did\": ..., \"preferences\": [...]}");
        }
        if (!n.get("did").asText().equals(did.toString())) {
            throw new InvalidDataException(NAME + " is for " + n.get("did").asText() + ", not " + did);
        }
        for (JsonNode p : n.get("preferences")) {
            if (!p.isObject() || !p.path("$type").isTextual()) {
                throw new InvalidDataException(NAME + " holds a preference without a \"$type\"");
            }
        }
        return Optional.of((ArrayNode) n.get("preferences"));
    }
}
