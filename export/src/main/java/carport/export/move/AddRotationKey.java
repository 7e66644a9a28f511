package carport.export.move;

import carport.core.plc.PlcAuditLog;
import carport.core.plc.PlcState;
import carport.core.syntax.AtIdentifier;
import carport.core.syntax.Did;
import carport.net.identity.IdentityResolver;
import carport.net.identity.ResolvedIdentity;
import carport.net.pds.DidCredentials;
import carport.net.pds.PdsClient;
import carport.net.pds.PdsSession;
import carport.net.pds.Secret;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Puts the user's own key first among a DID's rotation keys, through its current PDS:
 * {@code requestPlcOperationSignature} (the PDS emails a token), {@code signPlcOperation} with the
 * rotation keys {@code [key, ...the others]} and nothing else changed, checked by carport's
 * audit-log rules, then {@code submitPlcOperation}. With that key, {@code restore} can bring the
 * account back if the PDS disappears (a higher key can also undo a lower one's operations for 72
 * hours). Running it again once the key is first changes nothing.
 */
public final class AddRotationKey {
    /** How a run ended. */
    public enum Outcome {
        /** The key was already first; nothing was sent. */
        ALREADY_FIRST,
        /** The operation was submitted and the directory now lists the key first. */
        ADDED,
        /** The PDS emailed a token; re-run with it. */
        WAITING_FOR_TOKEN
    }

    /** The result, with the rotation keys the DID has at the end. */
    public record Result(Outcome outcome, Did did, List<String> rotationKeys, String message) {
    }

    private final IdentityResolver resolver;
    private final Function<URI, PdsClient> clients;
    private final Migration.Listener listener;

    public AddRotationKey(IdentityResolver resolver, Function<URI, PdsClient> clients, Migration.Listener listener) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * @param didKey the user's public key ({@code did:key:...}) from their key file
     * @param plcToken the emailed token from an earlier run, if any
     */
    public Result run(AtIdentifier account, String didKey, Secret password, Optional<Secret> plcToken) {
        ResolvedIdentity who = resolver.resolve(account);
        Did did = who.did();
        PlcAuditLog log = PlcChange.liveLog(resolver, did);
        PlcState state = log.current();
        if (!state.rotationKeys().isEmpty() && state.rotationKeys().get(0).equals(didKey)) {
            return new Result(Outcome.ALREADY_FIRST, did, state.rotationKeys(),
                    didKey + " is already the first rotation key of " + did + "; nothing to do");
        }
        List<String> keys = new ArrayList<>();
        keys.add(didKey);
        state.rotationKeys().stream().filter(k -> !k.equals(didKey)).forEach(keys::add);
        if (keys.size() > DidCredentials.MAX_ROTATION_KEYS) {
            throw new MoveRefusedException(did + " already has " + state.rotationKeys().size()
                    + " rotation keys " + state.rotationKeys() + "; did:plc allows " + DidCredentials.MAX_ROTATION_KEYS
                    + ", so one must go before " + didKey + " can be added");
        }
        DidCredentials wanted = PlcChange.of(state).withRotationKeyFirst(didKey);
        PdsSession pds = clients.apply(who.requirePds()).login(did.toString(), password);
        pds.requireMainPassword("changing the DID's rotation keys (signPlcOperation)");
        Optional<Secret> token = plcToken;
        if (token.isEmpty()) {
            pds.requestPlcOperationSignature();
            String email = pds.getSession().email().orElse("the account's email address");
            token = listener.askPlcToken("Your PDS has emailed a PLC token to " + email + " (valid 15 minutes). ");
            if (token.isEmpty()) {
                return new Result(Outcome.WAITING_FOR_TOKEN, did, state.rotationKeys(),
                        "your PDS has emailed a confirmation token to " + email
                                + " (valid 15 minutes). Re-run the same command with --plc-token TOKEN to finish");
            }
        }
        listener.say("asking " + who.requirePds() + " to sign the PLC operation (rotation keys " + keys + ")");
        ObjectNode op = pds.signPlcOperation(token.get(), wanted);
        PlcChange.check(op, wanted, PlcChange.liveLog(resolver, did));
        pds.submitPlcOperation(op);
        List<String> now = PlcChange.liveLog(resolver, did).current().rotationKeys();
        if (now.isEmpty() || !now.get(0).equals(didKey)) {
            throw new carport.net.RemoteException("the PDS accepted the operation, but the PLC directory lists the"
                    + " rotation keys " + now + "; run the command again to check");
        }
        return new Result(Outcome.ADDED, did, now, didKey + " is now the first rotation key of " + did);
    }
}
