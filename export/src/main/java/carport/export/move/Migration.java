package carport.export.move;

import carport.core.InvalidDataException;
import carport.core.plc.PlcState;
import carport.core.repo.Commit;
import carport.core.syntax.AtIdentifier;
import carport.core.syntax.Did;
import carport.export.AccountExporter;
import carport.export.ExportDir;
import carport.export.ExportListener;
import carport.export.ExportOptions;
import carport.export.ExportResult;
import carport.export.PreferencesFile;
import carport.export.identity.NetAccountResolver;
import carport.net.RemoteException;
import carport.net.identity.IdentityResolver;
import carport.net.identity.ResolvedIdentity;
import carport.net.pds.DidCredentials;
import carport.net.pds.PdsClient;
import carport.net.pds.PdsException;
import carport.net.pds.PdsSession;
import carport.net.pds.Secret;
import carport.net.pds.ServerDescription;
import carport.net.xrpc.SyncClient;
import carport.export.move.MoveState.Step;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Moves an account from its PDS to another while the old one is alive (the cooperative migration
 * of the official guide and goat's {@code account migrate}), verified before and proven after:
 *
 * <ol>
 *   <li>log in to the old PDS (the main password: an app password is refused before anything
 *       else), export the account into {@code DIR/<did>/} as {@code export} does, with its
 *       preferences, and stop unless it verifies;</li>
 *   <li>{@code getServiceAuth} for the new PDS, {@code createAccount} there (deactivated); a re-run
 *       whose account already exists logs in instead;</li>
 *   <li>{@code importRepo} of the verified {@code _repo.car} (its DID checked), the blobs the new
 *       PDS lists as missing (from the export's {@code _blob/}, else the old PDS), several at a
 *       time, and the preferences;</li>
 *   <li>the PLC operation: the new PDS's recommended credentials with the user's own rotation keys
 *       kept first, signed by the old PDS with the emailed token, checked, submitted through the
 *       new PDS;</li>
 *   <li>activate the new account, then (only once it is active) deactivate the old one;</li>
 *   <li>{@link MoveProof}.</li>
 * </ol>
 * Every step is idempotent and recorded in {@code _move.json}, so a run killed anywhere continues
 * when re-run. The old account stays active until the new one is; never are both inactive.
 */
public final class Migration {

    /** What the caller decides. */
    public record Options(AtIdentifier account, URI target, Path outDir, Secret password,
            Optional<Secret> newPassword, Optional<String> email, Optional<String> handle,
            Optional<String> inviteCode, Optional<Secret> plcToken, boolean activateWithMissingBlobs,
            int blobThreads, String carportVersion) {
        public Options {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(outDir, "outDir");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(newPassword, "newPassword");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(handle, "handle");
            Objects.requireNonNull(inviteCode, "inviteCode");
            Objects.requireNonNull(plcToken, "plcToken");
            if (blobThreads < 1) {
                throw new IllegalArgumentException("blobThreads must be at least 1");
            }
        }
    }

    /** How the migration talks to its user. */
    public interface Listener extends MoveListener {
        /**
         * Asks for the PLC token that was just emailed; empty when nobody can answer (no terminal):
         * the migration then saves its progress and stops with {@link Result.Kind#WAITING_FOR_TOKEN}.
         */
        default Optional<Secret> askPlcToken(String prompt) {
            return Optional.empty();
        }
    }

    /** How a run ended. */
    public record Result(Kind kind, Did did, Path dir, Optional<MoveProof.Report> proof, String message) {
        public enum Kind {
            /** Moved, and the comparison holds. */
            PROVEN,
            /** Moved, but the comparison differs. */
            DIFFERS,
            /** Stopped before the identity switch because a rate limit held blobs back (old account still active). */
            BLOBS_HELD_BACK,
            /** Stopped to wait for the emailed PLC token. */
            WAITING_FOR_TOKEN
        }
    }

    private final Options o;
    private final IdentityResolver resolver;
    private final SyncClient sync;
    private final Function<URI, PdsClient> clients;
    private final Listener listener;
    private final ExportListener exportProgress;

    /** @param exportProgress hears the export step (the same progress {@code export} shows) */
    public Migration(Options options, IdentityResolver resolver, SyncClient sync,
            Function<URI, PdsClient> clients, Listener listener, ExportListener exportProgress) {
        this.o = Objects.requireNonNull(options, "options");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.exportProgress = Objects.requireNonNull(exportProgress, "exportProgress");
    }

    /**
     * Runs (or continues) the migration.
     *
     * @throws InvalidDataException if the export does not verify or is not the account's
     * @throws PdsException if a PDS refuses (wrong or app password, handle, invite code, size...)
     * @throws RemoteException if a server cannot be reached
     */
    public Result run() throws IOException {
        ResolvedIdentity who = resolver.resolve(o.account());
        Did did = who.did();
        if (!"plc".equals(did.method())) {
            throw new MoveRefusedException(did + " is not a did:plc; moving a did:web means editing its did.json on"
                    + " its own web server, which carport cannot do");
        }
        Path dir = o.outDir().resolve(did.toString());
        Optional<MoveState> saved = Files.isDirectory(dir) ? MoveState.read(dir) : Optional.empty();
        URI target = o.target();
        URI current = who.requirePds();
        URI from;
        if (saved.isPresent() && saved.get().command().equals("migrate") && saved.get().from().isPresent()) {
            MoveState s = saved.get();
            if (!MoveProof.sameUrl(s.to(), target)) {
                throw new MoveRefusedException(dir.resolve(MoveState.NAME) + " records a move to " + s.to()
                        + ", not " + target + "; finish that one (or remove the file if it was abandoned)");
            }
            from = URI.create(s.from().get());
            listener.say("continuing the move recorded in " + MoveState.NAME + " (last step: " + s.step().wireName() + ")");
        } else {
            if (MoveProof.sameUrl(current.toString(), target)) {
                throw new MoveRefusedException(did + " already lives on " + target + "; there is nothing to move");
            }
            from = current;
        }
        PdsClient oldPds = clients.apply(from);
        PdsClient newPds = clients.apply(target);

        // 1. Log in to the old PDS (fails fast on a wrong or app password), export and verify. Once
        //    the identity has moved, the old PDS is needed only to deactivate the old account, so a
        //    re-run then gets as far as it can even if the old PDS is gone.
        MoveState state = saved.filter(s -> s.command().equals("migrate"))
                .orElse(MoveState.start("migrate", did.toString(), from.toString(), target.toString()));
        Old old = new Old(oldPds, did);
        if (!state.reached(Step.IDENTITY_SWITCHED)) {
            old.get();
        }
        if (!state.reached(Step.EXPORTED)) {
            listener.say("exporting " + did + " from " + from + " into " + dir);
            ExportResult r = new AccountExporter(sync, new NetAccountResolver(resolver),
                    new ExportOptions(o.outDir(), false, o.blobThreads(), o.carportVersion()))
                    .export(AtIdentifier.parse(did.toString()), exportProgress);
            if (!r.verified()) {
                throw new InvalidDataException("the export of " + did + " did not verify in full ("
                        + r.manifest().failures().size() + " failures: " + r.manifest().failures().get(0)
                        + "); nothing was moved. Run carport check " + r.dir() + " for details");
            }
            try {
                ArrayNode prefs = old.get().getPreferences();
                PreferencesFile.write(dir, did, prefs);
                listener.say("preferences: " + prefs.size() + " kept in " + PreferencesFile.NAME);
            } catch (PdsException e) {
                listener.say("preferences: the old PDS did not give them (" + e.getMessage() + "); "
                        + (Files.exists(dir.resolve(PreferencesFile.NAME)) ? "using the exported ones" : "none moved"));
            }
            state = state.withStep(Step.EXPORTED).write(dir);
        }
        Commit commit = MoveSteps.checkedRepo(dir, did);

        // 2. The account on the new PDS.
        ServerDescription desc = newPds.describeServer();
        String handle = state.handle().orElseGet(() -> chooseHandle(who, oldPds, desc));
        if (state.handle().isEmpty()) {
            state = state.withHandle(handle).write(dir);
        }
        PdsSession neu = newAccount(old, newPds, desc, did, handle, state);
        if (!state.reached(Step.ACCOUNT_CREATED)) {
            state = state.withStep(Step.ACCOUNT_CREATED).write(dir);
        }

        // 3. Repository, blobs, preferences.
        if (!state.reached(Step.REPO_IMPORTED)) {
            listener.say("importing the repository (commit " + commit.cid() + ", rev " + commit.rev() + ")");
            neu.importRepo(dir.resolve(ExportDir.REPO));
            state = state.withStep(Step.REPO_IMPORTED).write(dir);
        }
        long left = MoveSteps.uploadMissingBlobs(neu, Optional.of(oldPds), dir, did, o.blobThreads(), listener);
        if (left > 0 && !state.reached(Step.IDENTITY_SWITCHED)) {
            state = state.withBlobsLeft(left).write(dir);
            if (!o.activateWithMissingBlobs()) {
                return new Result(Result.Kind.BLOBS_HELD_BACK, did, dir, Optional.empty(), left
                        + " blobs were held back by the new PDS's rate limit; the old account is still active."
                        + " Re-run the same command later to finish (or add --activate-with-missing-blobs)");
            }
        } else if (state.blobsLeft() != 0) {
            state = state.withBlobsLeft(0).write(dir);
        }
        if (!state.reached(Step.BLOBS_UPLOADED)) {
            state = state.withStep(Step.BLOBS_UPLOADED).write(dir);
        }
        if (!state.reached(Step.PREFERENCES_SET)) {
            Optional<ArrayNode> prefs = PreferencesFile.read(dir, did);
            if (prefs.isPresent()) {
                neu.putPreferences(prefs.get());
                listener.say("preferences: " + prefs.get().size() + " put on the new PDS");
            }
            state = state.withStep(Step.PREFERENCES_SET).write(dir);
        }

        // 4. Identity.
        DidCredentials rec = neu.getRecommendedDidCredentials();
        if (!switched(did, target, rec)) {
            if (state.rotationKeys().isEmpty()) {
                state = state.withRotationKeys(userRotationKeys(did, old.get())).write(dir);
            }
            DidCredentials wanted = rec;
            List<String> mine = state.rotationKeys();
            for (int i = mine.size() - 1; i >= 0; i--) {
                wanted = wanted.withRotationKeyFirst(mine.get(i));
            }
            Optional<Secret> token = o.plcToken();
            if (token.isEmpty()) {
                old.get().requestPlcOperationSignature();
                state = state.withStep(Step.PLC_TOKEN_REQUESTED).write(dir);
                String email = old.get().getSession().email().orElse("the account's email address");
                token = listener.askPlcToken("The old PDS has emailed a PLC token to " + email
                        + " (valid 15 minutes). Token: ");
                if (token.isEmpty()) {
                    return new Result(Result.Kind.WAITING_FOR_TOKEN, did, dir, Optional.empty(),
                            "the old PDS has emailed a confirmation token to " + email
                                    + " (valid 15 minutes); progress is saved. Re-run the same command with"
                                    + " --plc-token TOKEN to finish");
                }
            }
            listener.say("identity: asking the old PDS to sign the PLC operation (rotation keys "
                    + wanted.rotationKeys() + ")");
            ObjectNode op = old.get().signPlcOperation(token.get(), wanted);
            PlcChange.check(op, wanted, PlcChange.liveLog(resolver, did));
            neu.submitPlcOperation(op);
            listener.say("identity: the DID now names " + target);
        }
        if (!state.reached(Step.IDENTITY_SWITCHED)) {
            state = state.withStep(Step.IDENTITY_SWITCHED).write(dir);
        }

        // 5. Activate the new account; only once it is active, deactivate the old one.
        neu.activateAccount();
        if (!sync.getRepoStatus(target, did).active()) {
            throw new RemoteException(target + " accepted activateAccount but does not report " + did
                    + " active; the old account stays active. Re-run to try again");
        }
        if (!state.reached(Step.ACTIVATED)) {
            state = state.withStep(Step.ACTIVATED).write(dir);
        }
        listener.say("the account is active on " + target);
        if (!state.reached(Step.OLD_DEACTIVATED)) {
            try {
                old.get().deactivateAccount();
                listener.say("the old account on " + from + " is deactivated");
                state = state.withStep(Step.OLD_DEACTIVATED).write(dir);
            } catch (RemoteException e) {
                listener.say("could not deactivate the old account on " + from + " (" + e.getMessage()
                        + "); the new one is active. Re-run to try again");
            }
        }

        // 6. Proof.
        MoveProof.Report proof = MoveProof.compare(new MoveProof.Inputs(dir, did, target, neu, sync, resolver,
                state.rotationKeys().stream().findFirst(), o.blobThreads()));
        if (proof.holds()) {
            state = state.withStep(Step.PROVEN).write(dir);
        }
        return new Result(proof.holds() ? Result.Kind.PROVEN : Result.Kind.DIFFERS, did, dir, Optional.of(proof),
                proof.holds() ? did + " moved to " + target + " and proven" : "the comparison differs");
    }

    /** The session on the old PDS, logged in on first use (an app password refused there). */
    private final class Old {
        private final PdsClient pds;
        private final Did did;
        private PdsSession session;

        Old(PdsClient pds, Did did) {
            this.pds = pds;
            this.did = did;
        }

        PdsSession get() {
            if (session == null) {
                PdsSession s = pds.login(did.toString(), o.password());
                s.requireMainPassword("moving the account (getServiceAuth for createAccount, signPlcOperation)");
                session = s;
            }
            return session;
        }
    }

    private String chooseHandle(ResolvedIdentity who, PdsClient oldPds, ServerDescription desc) {
        if (o.handle().isPresent()) {
            return o.handle().get();
        }
        String current = who.handleVerified() ? who.claimedHandle().map(Object::toString).orElse(null) : null;
        if (current != null && desc.servesHandle(current)) {
            return current;
        }
        boolean own = current != null;
        if (own) {
            try {
                own = !oldPds.describeServer().servesHandle(current);
            } catch (RemoteException e) {
                own = true;
            }
        }
        if (own) {
            return current;
        }
        throw new MoveRefusedException("the handle " + (current == null ? "(none verified)" : current)
                + " belongs to the old PDS; give --handle NAME" + (desc.availableUserDomains().isEmpty() ? ""
                : desc.availableUserDomains().get(0)) + " (the new PDS serves "
                + String.join(", ", desc.availableUserDomains()) + ") or a domain of your own");
    }

    private PdsSession newAccount(Old old, PdsClient newPds, ServerDescription desc, Did did, String handle,
            MoveState state) {
        Secret password = o.newPassword().orElse(o.password());
        if (state.reached(Step.ACCOUNT_CREATED)) {
            return newPds.login(did.toString(), password);
        }
        Optional<String> email = o.email().isPresent() ? o.email() : old.get().getSession().email();
        if (desc.inviteCodeRequired() && o.inviteCode().isEmpty()) {
            throw new MoveRefusedException(newPds.uri() + " requires an invite code; give --invite-code CODE");
        }
        Secret token = old.get().getServiceAuth(desc.did(), "com.atproto.server.createAccount", Duration.ofMinutes(10));
        try {
            listener.say("creating the account on " + newPds.uri() + " as " + handle);
            return newPds.createAccount(new PdsClient.NewAccount(did, handle, email, password, o.inviteCode()), token);
        } catch (PdsException e) {
            if (e.kind() != PdsException.Kind.ALREADY_EXISTS) {
                throw e;
            }
            listener.say("the account already exists on " + newPds.uri() + " (an earlier run); logging in");
            return newPds.login(did.toString(), password);
        }
    }

    /** The DID's current PLC state, from its validated audit log. */
    private PlcState plcState(Did did) {
        return PlcChange.liveLog(resolver, did).current();
    }

    /** Whether the DID already names the new PDS and its signing key (a run killed after the switch). */
    private boolean switched(Did did, URI target, DidCredentials rec) {
        PlcState s = plcState(did);
        return s.pdsEndpoint().map(e -> MoveProof.sameUrl(e, target)).orElse(false)
                && rec.atprotoKey().map(k -> k.equals(s.verificationMethods().get("atproto"))).orElse(false);
    }

    /**
     * The account's own rotation keys: the DID's current rotation keys that are not the old PDS's
     * (as its recommended credentials name them), in their order.
     */
    private List<String> userRotationKeys(Did did, PdsSession old) {
        List<String> theirs = old.getRecommendedDidCredentials().rotationKeys();
        LinkedHashSet<String> mine = new LinkedHashSet<>(plcState(did).rotationKeys());
        mine.removeAll(theirs);
        if (mine.isEmpty()) {
            listener.say("identity: the DID has no rotation key of its own; only the new PDS will hold one"
                    + " (carport key generate and identity add-rotation-key prepare for the day a PDS is gone)");
        }
        return List.copyOf(mine);
    }
}
