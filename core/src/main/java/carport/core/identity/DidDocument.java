package carport.core.identity;

import carport.core.InvalidDataException;
import carport.core.crypto.Curve;
import carport.core.crypto.VerifyingKey;
import carport.core.syntax.Did;
import carport.core.syntax.Handle;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A DID document, reduced to what atproto uses. The {@code #atproto} verification method may be in
 * the current {@code Multikey} form or the legacy {@code EcdsaSecp256k1VerificationKey2019} /
 * {@code EcdsaSecp256r1VerificationKey2019} form; both give the same {@link VerifyingKey}.
 *
 * <p>A document whose {@code #atproto} key or {@code #atproto_pds} entry is present but broken still
 * parses (its other parts may be useful); the accessor for the broken part throws
 * {@link InvalidDataException} saying what is wrong, so the problem cannot be mistaken for absence.
 */
public final class DidDocument {
    public static final String ATPROTO_KEY_FRAGMENT = "#atproto";
    public static final String ATPROTO_PDS_FRAGMENT = "#atproto_pds";
    public static final String PDS_SERVICE_TYPE = "AtprotoPersonalDataServer";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final byte[] raw;
    private final Did id;
    private final List<String> alsoKnownAs;
    private final VerifyingKey atprotoKey;
    private final String atprotoKeyProblem;
    private final String pdsEndpoint;
    private final String pdsProblem;

    private DidDocument(byte[] raw, Did id, List<String> alsoKnownAs, VerifyingKey atprotoKey,
            String atprotoKeyProblem, String pdsEndpoint, String pdsProblem) {
        this.raw = raw;
        this.id = id;
        this.alsoKnownAs = alsoKnownAs;
        this.atprotoKey = atprotoKey;
        this.atprotoKeyProblem = atprotoKeyProblem;
        this.pdsEndpoint = pdsEndpoint;
        this.pdsProblem = pdsProblem;
    }

    /** Parses a DID document; {@link InvalidDataException} if it is not JSON or lacks a valid {@code id}. */
    public static DidDocument parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidDataException("DID document is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidDataException("DID document could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDataException("DID document is not a JSON object");
        }
        JsonNode idNode = root.get("id");
        if (idNode == null || !idNode.isTextual()) {
            throw new InvalidDataException("DID document has no string \"id\"");
        }
        String idText = idNode.asText();
        if (!Did.isValid(idText)) {
            throw new InvalidDataException("DID document \"id\" is not a valid DID: " + abbreviate(idText));
        }
        Did id = Did.parse(idText);

        List<String> aka = new ArrayList<>();
        for (JsonNode n : array(root, "alsoKnownAs")) {
            if (!n.isTextual()) {
                throw new InvalidDataException("DID document \"alsoKnownAs\" holds a non-string entry");
            }
            aka.add(n.asText());
        }

        VerifyingKey key = null;
        String keyProblem = null;
        JsonNode method = findById(array(root, "verificationMethod"), idText, ATPROTO_KEY_FRAGMENT);
        if (method != null) {
            try {
                key = decodeKey(method);
            } catch (InvalidDataException e) {
                keyProblem = "DID document " + id + " has an unusable #atproto key: " + e.getMessage();
            }
        }

        String pds = null;
        String pdsProblem = null;
        JsonNode service = findById(array(root, "service"), idText, ATPROTO_PDS_FRAGMENT);
        if (service != null) {
            try {
                pds = decodePds(service);
            } catch (InvalidDataException e) {
                pdsProblem = "DID document " + id + " has an unusable #atproto_pds service: " + e.getMessage();
            }
        }
        return new DidDocument(json.clone(), id, Collections.unmodifiableList(aka), key, keyProblem, pds, pdsProblem);
    }

    /** The DID this document describes. Callers must still check it is the DID they asked for. */
    public Did id() {
        return id;
    }

    public List<String> alsoKnownAs() {
        return alsoKnownAs;
    }

    /** The first {@code at://} entry of {@code alsoKnownAs} that is a syntactically valid handle, lower-cased. */
    public Optional<Handle> claimedHandle() {
        for (String s : alsoKnownAs) {
            if (s.startsWith("at://") && Handle.isValid(s.substring(5))) {
                return Optional.of(Handle.parse(s.substring(5)));
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code #atproto} signing key, or empty if the document has none.
     *
     * @throws InvalidDataException if the method exists but its key cannot be decoded
     */
    public Optional<VerifyingKey> atprotoKey() {
        if (atprotoKeyProblem != null) {
            throw new InvalidDataException(atprotoKeyProblem);
        }
        return Optional.ofNullable(atprotoKey);
    }

    /**
     * The {@code #atproto_pds} service endpoint (an http(s) URL), or empty if there is none.
     *
     * @throws InvalidDataException if the service exists but is of the wrong type or has a bad endpoint
     */
    public Optional<String> pdsEndpoint() {
        if (pdsProblem != null) {
            throw new InvalidDataException(pdsProblem);
        }
        return Optional.ofNullable(pdsEndpoint);
    }

    /** The exact bytes given to {@link #parse} (copy). */
    public byte[] rawJson() {
        return raw.clone();
    }

    @Override
    public String toString() {
        return "DidDocument[" + id + "]";
    }

    private static Iterable<JsonNode> array(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return Collections.emptyList();
        }
        if (!n.isArray()) {
            throw new InvalidDataException("DID document \"" + field + "\" is not an array");
        }
        return n;
    }

    /** The first object whose id is {@code fragment} or {@code did + fragment}. */
    private static JsonNode findById(Iterable<JsonNode> entries, String did, String fragment) {
        for (JsonNode e : entries) {
            if (!e.isObject()) {
                continue;
            }
            JsonNode idNode = e.get("id");
            if (idNode != null && idNode.isTextual()) {
                String eid = idNode.asText();
                if (eid.equals(fragment) || (eid.length() == did.length() + fragment.length()
                        && eid.startsWith(did) && eid.endsWith(fragment))) {
                    return e;
                }
            }
        }
        return null;
    }

    private static VerifyingKey decodeKey(JsonNode method) {
        String type = text(method, "type");
        String multibase = text(method, "publicKeyMultibase");
        if (type == null) {
            throw new InvalidDataException("missing \"type\"");
        }
        if (multibase == null) {
            throw new InvalidDataException("missing \"publicKeyMultibase\"");
        }
        switch (type) {
            case "Multikey":
                return VerifyingKey.fromMultibase(multibase);
            case "EcdsaSecp256k1VerificationKey2019":
                return VerifyingKey.fromLegacyMultibase(multibase, Curve.K256);
            case "EcdsaSecp256r1VerificationKey2019":
                return VerifyingKey.fromLegacyMultibase(multibase, Curve.P256);
            default:
                throw new InvalidDataException("unsupported verification method type " + abbreviate(type));
        }
    }

    private static String decodePds(JsonNode service) {
        String type = text(service, "type");
        if (!PDS_SERVICE_TYPE.equals(type)) {
            throw new InvalidDataException("type is " + abbreviate(String.valueOf(type)) + ", expected " + PDS_SERVICE_TYPE);
        }
        String endpoint = text(service, "serviceEndpoint");
        if (endpoint == null) {
            throw new InvalidDataException("\"serviceEndpoint\" is not a string");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new InvalidDataException("serviceEndpoint is not a URL: " + abbreviate(endpoint));
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new InvalidDataException("serviceEndpoint is not a plain http(s) URL: " + abbreviate(endpoint));
        }
        return endpoint;
    }

    private static String text(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 77) + "...";
    }
}
