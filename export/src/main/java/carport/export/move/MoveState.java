package carport.export.move;

import carport.core.InvalidDataException;
import carport.export.store.FileOps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code DIR/<did>/_move.json}: how far a {@code migrate} or {@code restore} got, so that a re-run
 * continues where it stopped and {@code --status} can say where it stands. It never holds a
 * secret: no password, token or private key (a restore's generated signing key is a separate
 * 0600 file, {@link #SIGNING_KEY_FILE}, named here only). Written atomically after each step;
 * {@code export} and {@code check} leave it alone. Immutable: the {@code with...} methods return
 * changed copies. Every step is also checked against the servers on a re-run, so a state that
 * is behind (killed between a step and its write) only makes the re-run repeat an idempotent step.
 */
public final class MoveState {
    /** The file name, in the account's export folder. */
    public static final String NAME = "_move.json";
    /** A restore's generated {@code #atproto} key (mode 0600), next to {@link #NAME}. */
    public static final String SIGNING_KEY_FILE = "_move_signing.key";
    /** Version of this file's layout. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The steps, in order; a state names the last one completed. A restore skips
     * {@link #EXPORTED}, {@link #PLC_TOKEN_REQUESTED} and {@link #OLD_DEACTIVATED}; a migration
     * skips {@link #SIGNING_KEY_SET}.
     */
    public enum Step {
        /** Nothing done yet beyond writing this file. */
        STARTED,
        /** migrate: the account was exported from the old PDS and verified. */
        EXPORTED,
        /** restore: a PLC operation signed by the user's rotation key set carport's own {@code #atproto} key. */
        SIGNING_KEY_SET,
        /** The account exists (deactivated) on the new PDS. */
        ACCOUNT_CREATED,
        /** {@code importRepo} of the export's repository succeeded. */
        REPO_IMPORTED,
        /** Every blob is on the new PDS ({@code listMissingBlobs} empty), or a rate limit held some back. */
        BLOBS_UPLOADED,
        /** Preferences put back (or there were none to put back). */
        PREFERENCES_SET,
        /** migrate: the old PDS emailed a PLC token; the run stopped to wait for it (exit 5). */
        PLC_TOKEN_REQUESTED,
        /** The DID points at the new PDS, its signing key and rotation keys (the user's first). */
        IDENTITY_SWITCHED,
        /** The account is active on the new PDS. */
        ACTIVATED,
        /** migrate: the account is deactivated on the old PDS. */
        OLD_DEACTIVATED,
        /** The comparison with the export held: done. */
        PROVEN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Step parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
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
    private final String started;
    private final String updated;

    private MoveState(String command, String did, String from, String to, String handle, Step step,
            List<String> rotationKeys, long blobsLeft, String started, String updated) {
        this.command = Objects.requireNonNull(command, "command");
        if (!command.equals("migrate") && !command.equals("restore")) {
            throw new IllegalArgumentException("command is migrate or restore, not " + command);
        }
        this.did = Objects.requireNonNull(did, "did");
        this.from = from;
        this.to = Objects.requireNonNull(to, "to");
        this.handle = handle;
        this.step = Objects.requireNonNull(step, "step");
        this.rotationKeys = List.copyOf(rotationKeys);
        if (blobsLeft < 0) {
            throw new IllegalArgumentException("blobsLeft < 0");
        }
        this.blobsLeft = blobsLeft;
        this.started = started;
        this.updated = updated;
    }

    /**
     * A new state at {@link Step#STARTED}.
     *
     * @param command {@code migrate} or {@code restore}
     * @param from the old PDS's URL, or null (a restore whose old PDS is gone)
     * @param to the new PDS's URL
     */
    public static MoveState start(String command, String did, String from, String to) {
        return new MoveState(command, did, from, to, null, Step.STARTED, List.of(), 0, Instant.now().toString(), null);
    }

    /** {@code migrate} or {@code restore}. */
    public String command() {
        return command;
    }

    public String did() {
        return did;
    }

    /** The old PDS's URL (empty for a restore). */
    public Optional<String> from() {
        return Optional.ofNullable(from);
    }

    /** The new PDS's URL. */
    public String to() {
        return to;
    }

    /** The handle on the new PDS, once chosen. */
    public Optional<String> handle() {
        return Optional.ofNullable(handle);
    }

    /** The last step completed. */
    public Step step() {
        return step;
    }

    /** Whether {@code s} (or a later step) was completed. */
    public boolean reached(Step s) {
        return step.compareTo(s) >= 0;
    }

    /** The user's own rotation keys (did:key), highest priority first; kept first in every operation. */
    public List<String> rotationKeys() {
        return rotationKeys;
    }

    /** Blobs a rate limit held back at the last run (0 when all are up). */
    public long blobsLeft() {
        return blobsLeft;
    }

    /** When the first run started (ISO-8601). */
    public Optional<String> started() {
        return Optional.ofNullable(started);
    }

    /** When the state was last written (ISO-8601), if it was. */
    public Optional<String> updated() {
        return Optional.ofNullable(updated);
    }

    /** The same move: same command, DID and target (a re-run with other arguments is another move). */
    public boolean sameMove(String otherCommand, String otherTo) {
        return command.equals(otherCommand) && to.equals(otherTo);
    }

    public MoveState withStep(Step s) {
        return new MoveState(command, did, from, to, handle, s, rotationKeys, blobsLeft, started, updated);
    }

    public MoveState withHandle(String h) {
        return new MoveState(command, did, from, to, h, step, rotationKeys, blobsLeft, started, updated);
    }

    public MoveState withRotationKeys(List<String> keys) {
        return new MoveState(command, did, from, to, handle, step, keys, blobsLeft, started, updated);
    }

    public MoveState withBlobsLeft(long n) {
        return new MoveState(command, did, from, to, handle, step, rotationKeys, n, started, updated);
    }

    /** Reads {@code dir/_move.json}, or empty if there is none. */
    public static Optional<MoveState> read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidDataException(file + " is not valid JSON; delete it to start the move afresh");
        }
        if (n == null || !n.isObject() || !n.path("did").isTextual() || !n.path("to").isTextual()
                || !n.path("step").isTextual() || !n.path("command").isTextual()) {
            throw new InvalidDataException(file + " is not a carport move state; delete it to start afresh");
        }
        if (n.path("format").asInt(FORMAT) > FORMAT) {
            throw new InvalidDataException(file + " was written by a newer carport (format " + n.get("format") + ")");
        }
        List<String> keys = new ArrayList<>();
        n.path("rotationKeys").forEach(k -> keys.add(k.asText()));
        try {
            return Optional.of(new MoveState(n.get("command").asText(), n.get("did").asText(), text(n, "from"),
                    n.get("to").asText(), text(n, "handle"), Step.parse(n.get("step").asText()), keys,
                    n.path("blobsLeft").asLong(0), text(n, "started"), text(n, "updated")));
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException(file + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.get(field).asText() : null;
    }

    /** Writes this state to {@code dir/_move.json} atomically and durably, stamped with the time. */
    public MoveState write(Path dir) throws IOException {
        String now = Instant.now().toString();
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
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
        rotationKeys.forEach(o.putArray("rotationKeys")::add);
        o.put("blobsLeft", blobsLeft);
        if (started != null) {
            o.put("started", started);
        }
        o.put("updated", now);
        byte[] body = (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        FileOps.writeAtomic(dir.resolve(NAME), body, dir, true);
        return new MoveState(command, did, from, to, handle, step, rotationKeys, blobsLeft, started, now);
    }

    @Override
    public String toString() {
        return command + " " + did + " " + (from == null ? "" : from + " ") + "-> " + to + ": " + step.wireName();
    }
}
