package carport.export.move;

import carport.core.InvalidDataException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code DIR/<did>/_move.json}: how far a {@code migrate} (or {@code restore}) got, so that a
 * re-run continues and {@code --status} can say where it stands. Never holds a secret (no
 * password, token or key). Written atomically after each step. Immutable; the {@code with...}
 * methods return changed copies. See docs/move.md.
 */
public final class MoveState {
    public static final String NAME = "_move.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The steps of a migration, in order; a state names the last one completed. */
    public enum Step {
        STARTED, EXPORTED, ACCOUNT_CREATED, REPO_IMPORTED, BLOBS_UPLOADED, PREFERENCES_SET,
        PLC_TOKEN_REQUESTED, IDENTITY_SWITCHED, ACTIVATED, OLD_DEACTIVATED, PROVEN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Step parse(String s) {
            try {
                return valueOf(s.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidDataException(NAME + ": unknown step '" + s + "'");
            }
        }
    }

    private final String command;
    private final String did;
    private final String from;
    private final String to;
    private final String handle;
    private final Step step;
    private final List<String> rotationKeys;
    private final long blobsLeft;
    private final String updated;

    private MoveState(String command, String did, String from, String to, String handle, Step step,
            List<String> rotationKeys, long blobsLeft, String updated) {
        this.command = Objects.requireNonNull(command, "command");
        this.did = Objects.requireNonNull(did, "did");
        this.from = from;
        this.to = Objects.requireNonNull(to, "to");
        this.handle = handle;
        this.step = Objects.requireNonNull(step, "step");
        this.rotationKeys = List.copyOf(rotationKeys);
        this.blobsLeft = blobsLeft;
        this.updated = updated;
    }

    public static MoveState start(String command, String did, String from, String to) {
        return new MoveState(command, did, from, to, null, Step.STARTED, List.of(), 0, null);
    }

    /** "migrate" or "restore". */
    public String command() {
        return command;
    }

    public String did() {
        return did;
    }

    /** The old PDS's URL (empty for a restore whose old PDS is gone). */
    public Optional<String> from() {
        return Optional.ofNullable(from);
    }

    public String to() {
        return to;
    }

    /** The handle on the new PDS, once chosen. */
    public Optional<String> handle() {
        return Optional.ofNullable(handle);
    }

    public Step step() {
        return step;
    }

    public boolean reached(Step s) {
        return step.compareTo(s) >= 0;
    }

    /** The user's own rotation keys (did:key), highest priority first, kept first in every operation. */
    public List<String> rotationKeys() {
        return rotationKeys;
    }

    /** Blobs a rate limit held back at the last run (0 when all are up). */
    public long blobsLeft() {
        return blobsLeft;
    }

    /** When the state was last written (ISO-8601), if it was. */
    public Optional<String> updated() {
        return Optional.ofNullable(updated);
    }

    public MoveState withStep(Step s) {
        return new MoveState(command, did, from, to, handle, s, rotationKeys, blobsLeft, updated);
    }

    public MoveState withHandle(String h) {
        return new MoveState(command, did, from, to, h, step, rotationKeys, blobsLeft, updated);
    }

    public MoveState withRotationKeys(List<String> keys) {
        return new MoveState(command, did, from, to, handle, step, keys, blobsLeft, updated);
    }

    public MoveState withBlobsLeft(long n) {
        return new MoveState(command, did, from, to, handle, step, rotationKeys, n, updated);
    }

    /** Reads {@code dir/_move.json}, or empty if there is none. */
    public static Optional<MoveState> read(Path dir) throws IOException {
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
            throw new InvalidDataException(dir.resolve(NAME) + " is not valid JSON");
        }
        if (n == null || !n.isObject() || !n.path("did").isTextual() || !n.path("to").isTextual()
                || !n.path("step").isTextual() || !n.path("command").isTextual()) {
            throw new InvalidDataException(dir.resolve(NAME) + " is not a carport move state");
        }
        List<String> keys = new ArrayList<>();
        n.path("rotationKeys").forEach(k -> keys.add(k.asText()));
        return Optional.of(new MoveState(n.get("command").asText(), n.get("did").asText(),
                n.path("from").isTextual() ? n.get("from").asText() : null, n.get("to").asText(),
                n.path("handle").isTextual() ? n.get("handle").asText() : null, Step.parse(n.get("step").asText()),
                keys, n.path("blobsLeft").asLong(0), n.path("updated").isTextual() ? n.get("updated").asText() : null));
    }

    /** Writes this state to {@code dir/_move.json} atomically (and durably), stamped with the time. */
    public MoveState write(Path dir) throws IOException {
        String now = Instant.now().toString();
        ObjectNode o = JSON.createObjectNode();
        o.put("command", command);
        o.put("did", did);
        if (from != null) {
            o.put("from", from);
        }
        o.put("to", to);
        if (handle != null) {
            o.put("handle", handle);
        }
        o.put("step", step.wireName());
        ArrayNode keys = o.putArray("rotationKeys");
        rotationKeys.forEach(keys::add);
        o.put("blobsLeft", blobsLeft);
        o.put("updated", now);
        byte[] b = JSON.writeValueAsBytes(o);
        byte[] nl = java.util.Arrays.copyOf(b, b.length + 1);
        nl[b.length] = '\n';
        FileOps.writeAtomic(dir.resolve(NAME), nl, dir, true);
        return new MoveState(command, did, from, to, handle, step, rotationKeys, blobsLeft, now);
    }

    @Override
    public String toString() {
        return command + " " + did + " " + (from == null ? "" : from + " ") + "-> " + to + ": " + step.wireName();
    }
}
