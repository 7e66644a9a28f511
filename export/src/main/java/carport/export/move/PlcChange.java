package carport.export.move;

import carport.core.InvalidDataException;
import carport.core.plc.PlcAuditLog;
import carport.core.plc.PlcService;
import carport.core.plc.PlcState;
import carport.core.plc.PlcUpdate;
import carport.core.syntax.Did;
import carport.net.identity.IdentityResolver;
import carport.net.pds.DidCredentials;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PLC operation that a PDS signs ({@code signPlcOperation}) and carport checks before it goes to
 * the directory: it must say exactly what was asked, and carport's own audit-log checker must
 * accept it on the end of the live log (right {@code prev}, signed by a current rotation key).
 */
public final class PlcChange {
    private PlcChange() {
    }

    /** The DID's live audit log, validated. */
    public static PlcAuditLog liveLog(IdentityResolver resolver, Did did) {
        if (!"plc".equals(did.method())) {
            throw new MoveRefusedException(did + " is not a did:plc; its identity is its own web server's did.json,"
                    + " which carport cannot change");
        }
        PlcAuditLog log = PlcAuditLog.parse(resolver.fetchPlcAuditLog(did));
        log.validate();
        return log;
    }

    /** The credentials the state has now, as {@code signPlcOperation} takes them. */
    public static DidCredentials of(PlcState state) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        state.rotationKeys().forEach(o.putArray("rotationKeys")::add);
        state.alsoKnownAs().forEach(o.putArray("alsoKnownAs")::add);
        ObjectNode vm = o.putObject("verificationMethods");
        state.verificationMethods().forEach(vm::put);
        ObjectNode sv = o.putObject("services");
        for (Map.Entry<String, PlcService> e : state.services().entrySet()) {
            sv.putObject(e.getKey()).put("type", e.getValue().type()).put("endpoint", e.getValue().endpoint());
        }
        return DidCredentials.of(o);
    }

    /**
     * Checks an operation the PDS signed: the fields asked for, then the audit-log rules on the end
     * of {@code log}.
     *
     * @throws InvalidDataException saying what is wrong; the operation must not be submitted
     */
    public static void check(ObjectNode op, DidCredentials wanted, PlcAuditLog log) {
        List<String> problems = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        op.path("rotationKeys").forEach(k -> keys.add(k.asText()));
        if (!keys.equals(wanted.rotationKeys())) {
            problems.add("rotation keys " + keys + " instead of " + wanted.rotationKeys());
        }
        String endpoint = op.path("services").path("atproto_pds").path("endpoint").asText("");
        if (!wanted.pdsEndpoint().map(e -> e.equals(endpoint)).orElse(true)) {
            problems.add("PDS " + endpoint + " instead of " + wanted.pdsEndpoint().get());
        }
        String key = op.path("verificationMethods").path("atproto").asText("");
        if (!wanted.atprotoKey().map(key::equals).orElse(true)) {
            problems.add("signing key " + key + " instead of " + wanted.atprotoKey().get());
        }
        List<String> aka = new ArrayList<>();
        op.path("alsoKnownAs").forEach(a -> aka.add(a.asText()));
        if (!aka.equals(wanted.alsoKnownAs())) {
            problems.add("handles " + aka + " instead of " + wanted.alsoKnownAs());
        }
        if (!problems.isEmpty()) {
            throw new InvalidDataException("the PDS signed a PLC operation other than the one asked for ("
                    + String.join("; ", problems) + "); it was not submitted");
        }
        try {
            log.append(PlcUpdate.Signed.of(log.did(), op), Instant.now());
        } catch (InvalidDataException e) {
            throw new InvalidDataException("the PLC operation the PDS signed would not be accepted ("
                    + e.getMessage() + "); it was not submitted");
        }
    }
}
