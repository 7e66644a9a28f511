package carport.core.plc;

import carport.core.crypto.VerifyingKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity data a did:plc had from one operation on: what a DID document would be rendered from.
 * A tombstoned state has no keys, handles or services.
 */
public final class PlcState {
    private final String did;
    private final PlcLogEntry entry;

    PlcState(String did, PlcLogEntry entry) {
        this.did = did;
        this.entry = entry;
    }

    public String did() {
        return did;
    }

    /** The operation this state comes from. */
    public PlcLogEntry entry() {
        return entry;
    }

    /** When the directory accepted the operation, i.e. since when this state is in force. */
    public Instant since() {
        return entry.createdAt();
    }

    public boolean tombstoned() {
        return entry.operation().type() == PlcOperation.Type.TOMBSTONE;
    }

    public List<String> rotationKeys() {
        return entry.operation().rotationKeys();
    }

    public Map<String, String> verificationMethods() {
        return entry.operation().verificationMethods();
    }

    public List<String> alsoKnownAs() {
        return entry.operation().alsoKnownAs();
    }

    public Map<String, PlcService> services() {
        return entry.operation().services();
    }

    /**
     * The {@code atproto} signing key, or empty if there is none (or the DID is tombstoned).
     *
     * @throws carport.core.InvalidDataException if the key is present but not a valid did:key
     */
    public Optional<VerifyingKey> atprotoKey() {
        String didKey = verificationMethods().get("atproto");
        return didKey == null ? Optional.empty() : Optional.of(VerifyingKey.fromDidKey(didKey));
    }

    /** The {@code atproto_pds} endpoint if it is of type AtprotoPersonalDataServer. */
    public Optional<String> pdsEndpoint() {
        PlcService s = services().get("atproto_pds");
        return s != null && "AtprotoPersonalDataServer".equals(s.type()) ? Optional.of(s.endpoint()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "PlcState[" + did + " @ " + entry.cid() + (tombstoned() ? ", tombstoned" : "") + "]";
    }
}
