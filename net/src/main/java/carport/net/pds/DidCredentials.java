package carport.net.pds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identity fields a PDS recommends for an account it will host
 * ({@code com.atproto.identity.getRecommendedDidCredentials}): {@code rotationKeys},
 * {@code alsoKnownAs}, {@code verificationMethods}, {@code services}, as the JSON object that
 * {@code signPlcOperation} takes. Immutable; {@link #withRotationKeyFirst} makes the variant that
 * keeps the user's own key first (the PDS's recommendation lists only its own key).
 */
public final class DidCredentials {
    /** did:plc allows at most this many rotation keys. */
    public static final int MAX_ROTATION_KEYS = 5;

    private final ObjectNode json;

    private DidCredentials(ObjectNode json) {
        this.json = json;
    }

    /** @throws IllegalArgumentException if a field is missing or of the wrong type */
    public static DidCredentials of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("rotationKeys", stringArray(json, "rotationKeys"));
        o.set("alsoKnownAs", stringArray(json, "alsoKnownAs"));
        JsonNode vm = json.get("verificationMethods");
        JsonNode sv = json.get("services");
        if (vm == null || !vm.isObject() || sv == null || !sv.isObject()) {
            throw new IllegalArgumentException("no verificationMethods or services object");
        }
        o.set("verificationMethods", vm.deepCopy());
        o.set("services", sv.deepCopy());
        return new DidCredentials(o);
    }

    private static ArrayNode stringArray(JsonNode json, String field) {
        JsonNode a = json.get(field);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("no " + field + " array");
        }
        for (JsonNode e : a) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException(field + " holds a non-string");
            }
        }
        return (ArrayNode) a.deepCopy();
    }

    public List<String> rotationKeys() {
        return strings("rotationKeys");
    }

    public List<String> alsoKnownAs() {
        return strings("alsoKnownAs");
    }

    /** The {@code #atproto} signing key ({@code did:key:...}), if recommended. */
    public Optional<String> atprotoKey() {
        JsonNode k = json.get("verificationMethods").get("atproto");
        return k != null && k.isTextual() ? Optional.of(k.asText()) : Optional.empty();
    }

    /** The {@code atproto_pds} service endpoint, if recommended. */
    public Optional<String> pdsEndpoint() {
        JsonNode e = json.get("services").path("atproto_pds").get("endpoint");
        return e != null && e.isTextual() ? Optional.of(e.asText()) : Optional.empty();
    }

    /**
     * These credentials with {@code didKey} first among the rotation keys, the recommended ones
     * after it (without duplicates).
     *
     * @throws IllegalArgumentException if that would make more than {@link #MAX_ROTATION_KEYS}
     */
    public DidCredentials withRotationKeyFirst(String didKey) {
        if (!didKey.startsWith("did:key:")) {
            throw new IllegalArgumentException("a rotation key is a did:key, not " + didKey);
        }
        List<String> keys = new ArrayList<>();
        keys.add(didKey);
        for (String k : rotationKeys()) {
            if (!k.equals(didKey)) {
                keys.add(k);
            }
        }
        if (keys.size() > MAX_ROTATION_KEYS) {
            throw new IllegalArgumentException("that makes " + keys.size() + " rotation keys; did:plc allows "
                    + MAX_ROTATION_KEYS);
        }
        ObjectNode o = json.deepCopy();
        ArrayNode a = o.putArray("rotationKeys");
        keys.forEach(a::add);
        return new DidCredentials(o);
    }

    /** A copy of the JSON object (as {@code signPlcOperation} takes it, without the token). */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    private List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        json.get(field).forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DidCredentials d && d.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
