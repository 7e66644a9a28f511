package carport.core.plc;

import static carport.core.plc.PlcLogException.Reason.MALFORMED;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One signed PLC operation: a regular {@code plc_operation}, a {@code plc_tombstone}, or a legacy
 * genesis {@code create}. Legacy ops are presented through the regular accessors the way the PLC
 * spec converts them (rotation keys {@code [recoveryKey, signingKey]}, {@code atproto} signing key,
 * {@code at://handle}, {@code atproto_pds} service), but are hashed and signed in their own form.
 */
public final class PlcOperation {
    /** The operation kinds. */
    public enum Type {
        PLC_OPERATION("plc_operation"),
        TOMBSTONE("plc_tombstone"),
        LEGACY_CREATE("create");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private final Type type;
    private final String prev;
    private final String sig;
    private final List<String> rotationKeys;
    private final Map<String, String> verificationMethods;
    private final List<String> alsoKnownAs;
    private final Map<String, PlcService> services;
    /** The operation exactly as given, as a data-model map; what gets hashed and (minus sig) signed. */
    private final Map<String, Object> model;

    private PlcOperation(Type type, String prev, String sig, List<String> rotationKeys,
            Map<String, String> verificationMethods, List<String> alsoKnownAs, Map<String, PlcService> services,
            Map<String, Object> model) {
        this.type = type;
        this.prev = prev;
        this.sig = sig;
        this.rotationKeys = rotationKeys;
        this.verificationMethods = verificationMethods;
        this.alsoKnownAs = alsoKnownAs;
        this.services = services;
        this.model = model;
    }

    static PlcOperation fromJson(JsonNode op, String where) {
        if (op == null || !op.isObject()) {
            throw malformed(where + ": operation is not an object");
        }
        String typeName = requireText(op, "type", where);
        String sig = requireText(op, "sig", where);
        if (!op.has("prev")) {
            throw malformed(where + ": operation has no \"prev\" field");
        }
        JsonNode prevNode = op.get("prev");
        if (!prevNode.isNull() && !prevNode.isTextual()) {
            throw malformed(where + ": \"prev\" is neither a string nor null");
        }
        String prev = prevNode.isNull() ? null : prevNode.asText();
        Map<String, Object> model = toModel(op, where);

        switch (typeName) {
            case "plc_operation": {
                List<String> rotation = stringList(op, "rotationKeys", where);
                List<String> aka = stringList(op, "alsoKnownAs", where);
                JsonNode vmNode = requireObject(op, "verificationMethods", where);
                Map<String, String> vms = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = vmNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw malformed(where + ": verificationMethods." + e.getKey() + " is not a string");
                    }
                    vms.put(e.getKey(), e.getValue().asText());
                }
                JsonNode svcNode = requireObject(op, "services", where);
                Map<String, PlcService> svcs = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = svcNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String w = where + ": services." + e.getKey();
                    if (!e.getValue().isObject()) {
                        throw malformed(w + " is not an object");
                    }
                    svcs.put(e.getKey(), new PlcService(requireText(e.getValue(), "type", w),
                            requireText(e.getValue(), "endpoint", w)));
                }
                return new PlcOperation(Type.PLC_OPERATION, prev, sig, rotation, Collections.unmodifiableMap(vms),
                        aka, Collections.unmodifiableMap(svcs), model);
            }
            case "plc_tombstone":
                if (prev == null) {
                    throw malformed(where + ": a tombstone must have a \"prev\"");
                }
                return new PlcOperation(Type.TOMBSTONE, prev, sig, List.of(), Map.of(), List.of(), Map.of(), model);
            case "create": {
                if (prev != null) {
                    throw malformed(where + ": a legacy \"create\" operation must have \"prev\": null");
                }
                String signingKey = requireText(op, "signingKey", where);
                String recoveryKey = requireText(op, "recoveryKey", where);
                String handle = requireText(op, "handle", where);
                String service = requireText(op, "service", where);
                return new PlcOperation(Type.LEGACY_CREATE, null, sig, List.of(recoveryKey, signingKey),
                        Map.of("atproto", signingKey), List.of("at://" + handle),
                        Map.of("atproto_pds", new PlcService("AtprotoPersonalDataServer", service)), model);
            }
            default:
                throw malformed(where + ": unknown operation type \"" + typeName + "\"");
        }
    }

    public Type type() {
        return type;
    }

    /** CID string of the previous operation; null for a genesis operation. */
    public String prev() {
        return prev;
    }

    public boolean isGenesis() {
        return prev == null;
    }

    /** The signature as written (base64url). */
    public String sig() {
        return sig;
    }

    /** Rotation keys in priority order (legacy: recovery then signing key; tombstone: none). */
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

    /** The signed operation as a data-model map (as written, legacy form kept). */
    Map<String, Object> signedModel() {
        return model;
    }

    /** The operation without {@code sig}: the bytes the signature covers are its DAG-CBOR. */
    Map<String, Object> unsignedModel() {
        Map<String, Object> m = new LinkedHashMap<>(model);
        m.remove("sig");
        return m;
    }

    private static Map<String, Object> toModel(JsonNode obj, String where) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) convert(obj, where, 0);
        return m;
    }

    /** Plain JSON to the data model; PLC ops hold only strings, lists, maps and null. */
    private static Object convert(JsonNode n, String where, int depth) {
        if (depth > 16) {
            throw malformed(where + ": operation is nested too deeply");
        }
        if (n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            for (JsonNode c : n) {
                l.add(convert(c, where, depth + 1));
            }
            return l;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), convert(e.getValue(), where, depth + 1));
            }
            return m;
        }
        throw malformed(where + ": operation holds a value that is not allowed (" + n.getNodeType() + ")");
    }

    private static String requireText(JsonNode obj, String field, String where) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isTextual()) {
            throw malformed(where + ": \"" + field + "\" is missing or not a string");
        }
        return n.asText();
    }

    private static JsonNode requireObject(JsonNode obj, String field, String where) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isObject()) {
            throw malformed(where + ": \"" + field + "\" is missing or not an object");
        }
        return n;
    }

    private static List<String> stringList(JsonNode obj, String field, String where) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isArray()) {
            throw malformed(where + ": \"" + field + "\" is missing or not an array");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode c : n) {
            if (!c.isTextual()) {
                throw malformed(where + ": \"" + field + "\" holds a non-string");
            }
            out.add(c.asText());
        }
        return Collections.unmodifiableList(out);
    }

    static PlcLogException malformed(String msg) {
        return new PlcLogException(MALFORMED, msg);
    }
}
