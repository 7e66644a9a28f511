package carport.core.plc;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.crypto.SigningKey;
import carport.core.crypto.VerifyingKey;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An unsigned regular {@code plc_operation} that follows a DID's current state: what a new
 * operation will say (rotation keys in priority order, verification methods, handles,
 * services) and the {@code prev} it builds on, the CID of the live log's last operation. Start
 * from {@link #after(PlcState)}, change what should change, {@link #sign} it with a rotation key,
 * then check the result with {@link PlcAuditLog#append} before submitting it.
 */
public final class PlcUpdate {
    /** The PLC allows at most this many rotation keys. */
    public static final int MAX_ROTATION_KEYS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String did;
    private final String prev;
    private final List<String> rotationKeys;
    private final Map<String, String> verificationMethods;
    private final List<String> alsoKnownAs;
    private final Map<String, PlcService> services;

    private PlcUpdate(String did, String prev, List<String> rotationKeys, Map<String, String> verificationMethods,
            List<String> alsoKnownAs, Map<String, PlcService> services) {
        this.did = did;
        this.prev = Objects.requireNonNull(prev, "prev");
        this.rotationKeys = List.copyOf(rotationKeys);
        this.verificationMethods = Map.copyOf(verificationMethods);
        this.alsoKnownAs = List.copyOf(alsoKnownAs);
        this.services = Map.copyOf(services);
    }

    /** An update that keeps everything of {@code state} and builds on its operation. */
    public static PlcUpdate after(PlcState state) {
        if (state.tombstoned()) {
            throw new IllegalArgumentException(state.did() + " is tombstoned: it cannot be updated");
        }
        return new PlcUpdate(state.did(), state.entry().cid(), state.rotationKeys(), state.verificationMethods(),
                state.alsoKnownAs(), state.services());
    }

    public String did() {
        return did;
    }

    public String prev() {
        return prev;
    }

    public List<String> rotationKeys() {
        return rotationKeys;
    }

    public Map<String, String> verificationMethods() {
        return verificationMethods;
    }

    public List<String> alsoKnownAs() {
        return alsoKnownAs;
    }

    public Map<String, PlcService> services() {
        return services;
    }

    /** Replaces the rotation keys: 1 to 5 valid did:keys, none twice, in priority order. */
    public PlcUpdate withRotationKeys(List<String> keys) {
        if (keys.isEmpty() || keys.size() > MAX_ROTATION_KEYS) {
            throw new IllegalArgumentException("a did:plc has 1 to " + MAX_ROTATION_KEYS + " rotation keys, not "
                    + keys.size());
        }
        if (new LinkedHashSet<>(keys).size() != keys.size()) {
            throw new IllegalArgumentException("rotation keys repeat: " + keys);
        }
        keys.forEach(VerifyingKey::fromDidKey); // throws on a key the PLC would refuse
        return new PlcUpdate(did, prev, keys, verificationMethods, alsoKnownAs, services);
    }

    /** {@code first} first, then {@code others} in order, each key once. */
    public PlcUpdate withRotationKeys(String first, List<String> others) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        keys.add(first);
        keys.addAll(others);
        return withRotationKeys(new ArrayList<>(keys));
    }

    /** Sets the {@code #atproto} key, the one that signs the account's repository commits. */
    public PlcUpdate withAtprotoKey(String didKey) {
        VerifyingKey.fromDidKey(didKey);
        Map<String, String> vms = new LinkedHashMap<>(verificationMethods);
        vms.put("atproto", didKey);
        return new PlcUpdate(did, prev, rotationKeys, vms, alsoKnownAs, services);
    }

    public PlcUpdate withVerificationMethods(Map<String, String> vms) {
        return new PlcUpdate(did, prev, rotationKeys, vms, alsoKnownAs, services);
    }

    public PlcUpdate withAlsoKnownAs(List<String> aka) {
        return new PlcUpdate(did, prev, rotationKeys, verificationMethods, aka, services);
    }

    /** Points {@code atproto_pds} at {@code endpoint}. */
    public PlcUpdate withPds(String endpoint) {
        Map<String, PlcService> s = new LinkedHashMap<>(services);
        s.put("atproto_pds", new PlcService("AtprotoPersonalDataServer", endpoint));
        return new PlcUpdate(did, prev, rotationKeys, verificationMethods, alsoKnownAs, s);
    }

    public PlcUpdate withServices(Map<String, PlcService> s) {
        return new PlcUpdate(did, prev, rotationKeys, verificationMethods, alsoKnownAs, s);
    }

    /** The unsigned operation as JSON (what {@code signPlcOperation} of a PDS would be asked for). */
    public ObjectNode unsignedJson() {
        ObjectNode op = JSON.createObjectNode();
        op.put("type", PlcOperation.Type.PLC_OPERATION.wireName());
        rotationKeys.forEach(op.putArray("rotationKeys")::add);
        ObjectNode vms = op.putObject("verificationMethods");
        verificationMethods.forEach(vms::put);
        alsoKnownAs.forEach(op.putArray("alsoKnownAs")::add);
        ObjectNode svcs = op.putObject("services");
        services.forEach((name, s) -> svcs.putObject(name).put("type", s.type()).put("endpoint", s.endpoint()));
        op.put("prev", prev);
        return op;
    }

    /** The bytes a rotation key signs: the DAG-CBOR of the operation without {@code sig}. */
    byte[] signingBytes() {
        return DagCbor.encode(PlcOperation.fromJson(unsignedJson().put("sig", "x"), "new operation").unsignedModel());
    }

    /** Signs the DAG-CBOR of the unsigned operation with a rotation key. */
    public Signed sign(SigningKey rotationKey) {
        ObjectNode op = unsignedJson();
        byte[] sig = rotationKey.sign(signingBytes());
        op.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
        PlcOperation signed = PlcOperation.fromJson(op, "new operation");
        byte[] cbor = DagCbor.encode(signed.signedModel());
        return new Signed(did, signed, op, Cid.of(Cid.DAG_CBOR, cbor, 0, cbor.length).toString());
    }

    /**
     * A signed operation, ready to check with {@link PlcAuditLog#append} and to submit.
     *
     * @param json the operation as the PLC directory's {@code POST /DID} takes it
     * @param cid its CID, which the next operation's {@code prev} names
     */
    public record Signed(String did, PlcOperation operation, ObjectNode json, String cid) {
        @Override
        public ObjectNode json() {
            return json.deepCopy();
        }

        /**
         * An operation someone else signed (a PDS's {@code signPlcOperation}), so that it gets the
         * same {@link PlcAuditLog#append} check before it is submitted.
         *
         * @throws carport.core.InvalidDataException if it is not a well-formed signed operation
         */
        public static Signed of(String did, ObjectNode op) {
            ObjectNode copy = op.deepCopy();
            PlcOperation parsed = PlcOperation.fromJson(copy, "the signed operation");
            byte[] cbor = DagCbor.encode(parsed.signedModel());
            return new Signed(did, parsed, copy, Cid.of(Cid.DAG_CBOR, cbor, 0, cbor.length).toString());
        }
    }
}
