package carport.core.plc;

import carport.core.crypto.VerifyingKey;
import carport.core.syntax.Tid;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * "The key in force at a time" from a did:plc audit log, the one place carport answers it.
 *
 * <p>Mind what it proves: a commit's {@code rev} is chosen by its signer, so a signature that
 * verifies only under the key in force at the rev time proves the commit was valid when made
 * only for data that was stored then (a kept export, content compared after a migration). Data
 * fetched now is verified only under the DID document's current key; see
 * {@code docs/export-format.md}, "Signature policy".
 */
public final class KeyHistory {
    private final PlcAuditLog log;

    /** A key of the log and the time it was replaced, if it was. */
    public record KeyInForce(VerifyingKey key, Instant since, Optional<Instant> replacedAt) {
    }

    public KeyHistory(PlcAuditLog log) {
        this.log = log;
    }

    /** The time a TID revision names, or empty if {@code rev} is not a TID. */
    public static Optional<Instant> revTime(String rev) {
        if (rev == null || !Tid.isValid(rev)) {
            return Optional.empty();
        }
        return Optional.of(Instant.EPOCH.plusNanos(Tid.parse(rev).timestampMicros() * 1000));
    }

    /**
     * The {@code #atproto} key in force at {@code time}, when it came into force and when (if ever)
     * a later operation replaced it with another key. Empty before genesis, after a tombstone, or
     * if the operation then named no key.
     */
    public Optional<KeyInForce> keyAt(Instant time) {
        Optional<PlcState> state = log.stateAt(time);
        if (state.isEmpty() || state.get().atprotoKey().isEmpty()) {
            return Optional.empty();
        }
        VerifyingKey key = state.get().atprotoKey().get();
        List<PlcLogEntry> live = log.canonicalEntries();
        Instant since = state.get().since();
        Instant replaced = null;
        for (PlcLogEntry e : live) {
            if (!e.createdAt().isAfter(since)) {
                continue;
            }
            Optional<VerifyingKey> k = new PlcState(log.did(), e).atprotoKey();
            if (k.isEmpty() || !k.get().equals(key)) {
                replaced = e.createdAt();
                break;
            }
        }
        return Optional.of(new KeyInForce(key, since, Optional.ofNullable(replaced)));
    }

    /** {@link #keyAt} the time of a TID revision; empty if {@code rev} is not a TID. */
    public Optional<KeyInForce> keyAtRev(String rev) {
        return revTime(rev).flatMap(this::keyAt);
    }
}
