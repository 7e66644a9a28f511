package carport.export.move;

import carport.core.InvalidDataException;
import carport.core.crypto.Curve;
import carport.core.crypto.KeyFile;
import carport.core.crypto.ServiceAuthToken;
import carport.core.crypto.SigningKey;
import carport.core.plc.PlcAuditLog;
import carport.core.plc.PlcLogException;
import carport.core.plc.PlcState;
import carport.core.plc.PlcUpdate;
import carport.core.repo.Commit;
import carport.core.syntax.Did;
import carport.core.syntax.Handle;
import carport.export.CheckReport;
import carport.export.ExportChecker;
import carport.export.ExportDir;
import carport.export.PreferencesFile;
import carport.export.move.MoveState.Step;
import carport.net.RemoteException;
import carport.net.identity.IdentityResolver;
import carport.net.pds.DidCredentials;
import carport.net.pds.PdsClient;
import carport.net.pds.PdsException;
import carport.net.pds.PdsSession;
import carport.net.pds.Secret;
import carport.net.pds.ServerDescription;
import carport.net.plc.PlcDirectory;
import carport.net.xrpc.SyncClient;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Brings an account back on a new PDS from its export alone, when the old PDS is gone: the
 * "adversarial migration" that a PLC rotation key of the user's own makes possible.
 *
 * <ol>
 *   <li>{@code check} the export (nothing else happens unless it verifies in full);</li>
 *   <li>fetch and validate the live PLC audit log; refuse a tombstoned DID, a key that is not
 *       among its rotation keys, or an old PDS that still serves the account (unless forced);</li>
 *   <li>a PLC operation, signed by the rotation key and sent straight to the directory, sets an
 *       {@code #atproto} key carport generates and keeps ({@link MoveState#SIGNING_KEY_FILE}, 0600);</li>
 *   <li>with that key, a service-auth token minted offline; {@code createAccount} on the new PDS
 *       (a re-run whose account exists logs in instead);</li>
 *   <li>{@code importRepo} of the verified {@code _repo.car} streamed from disk, the blobs the new
 *       PDS misses from {@code _blob/} several at a time, the preferences if exported;</li>
 *   <li>a second PLC operation by the rotation key: the new PDS, its recommended signing key and
 *       rotation keys, the user's key first; submitted through the new PDS;</li>
 *   <li>{@code activateAccount}, then {@link MoveProof}.</li>
 * </ol>
 * Each step is checked against the servers before it is done again, so a run killed anywhere
 * continues when re-run. A rate limit on blobs does not stop the identity switch (the old PDS is
 * gone: the account is better alive); the blobs left are reported.
 */
public final class Restore {
    /** How long the offline createAccount token lives (the PDS allows at most an hour). */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    /** What the caller decides. */
    public record Options(Path dir, URI target, SigningKey rotationKey, String email, Optional<String> handle,
            Secret password, Optional<String> inviteCode, boolean force, int blobThreads) {
        public Options {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(rotationKey, "rotationKey");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(handle, "handle");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(inviteCode, "inviteCode");
            if (blobThreads < 1) {
                throw new IllegalArgumentException("blobThreads must be at least 1");
            }
        }
    }

    /** How a run ended. */
    public record Result(Kind kind, Did did, Optional<MoveProof.Report> proof, long blobsLeft, String message) {
        public enum Kind {
            /** Restored, and the comparison holds. */
            PROVEN,
            /** Restored, but the comparison differs. */
            DIFFERS,
            /** Restored and active, but a rate limit held blobs back: re-run later to upload them. */
            BLOBS_LEFT
        }
    }

    /** A restore that must not go ahead; {@link #usage()} if the fix is in the command line. */
    public static final class RefusedException extends MoveRefusedException {
        private static final long serialVersionUID = 1L;
        private final boolean usage;

        RefusedException(String message, boolean usage) {
            super(message);
            this.usage = usage;
        }

        public boolean usage() {
            return usage;
        }
    }

    private final Options o;
    private final IdentityResolver resolver;
    private final SyncClient sync;
    private final PlcDirectory plc;
    private final Function<URI, PdsClient> clients;
    private final MoveListener listener;

    public Restore(Options options, IdentityResolver resolver, SyncClient sync, PlcDirectory plc,
            Function<URI, PdsClient> clients, MoveListener listener) {
        this.o = Objects.requireNonNull(options, "options");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.plc = Objects.requireNonNull(plc, "plc");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Runs (or continues) the restore.
     *
     * @throws InvalidDataException if the export does not verify (before any server is touched)
     * @throws RefusedException if the DID, the key or the old PDS say no
     * @throws PdsException if the new PDS refuses (handle, invite code, size, ...)
     * @throws RemoteException if a server cannot be reached
     */
    public Result run() throws IOException {
        Path dir = o.dir();
        URI target = o.target();

        // 1. The export must verify in full before any server is asked anything.
        listener.say("checking the export " + dir);
        CheckReport report = ExportChecker.check(dir);
        if (!report.ok()) {
            List<String> why = new ArrayList<>(report.problems());
            report.recordedFailures().forEach(f -> why.add(f.toString()));
            throw new InvalidDataException("the export " + dir + " does not verify (" + why.size() + " problems; first: "
                    + (why.isEmpty() ? "?" : why.get(0)) + "); nothing was sent anywhere. Run carport check " + dir);
        }
        Did did = Did.parse(report.did());
        if (!"plc".equals(did.method())) {
            throw new RefusedException(did + " is a did:web: its identity lives in a did.json on its own web server,"
                    + " which carport cannot change; restore needs a did:plc", true);
        }
        Commit commit = MoveSteps.checkedRepo(dir, did);
        listener.say("export verified: " + did + ", commit " + report.commit() + ", " + report.records()
                + " records, " + report.blobs() + " blobs");

        Optional<MoveState> saved = MoveState.read(dir);
        if (saved.isPresent() && !(saved.get().command().equals("restore") && MoveProof.sameUrl(saved.get().to(), target))) {
            MoveState s = saved.get();
            throw new RefusedException(dir.resolve(MoveState.NAME) + " records a " + s.command() + " to " + s.to()
                    + " (last step: " + s.step().wireName() + "); finish that one, or remove the file if it was abandoned",
                    true);
        }
        MoveState state = saved.orElse(MoveState.start("restore", did.toString(), null, target.toString()));
        if (saved.isPresent()) {
            listener.say("continuing the restore recorded in " + MoveState.NAME + " (last step: "
                    + state.step().wireName() + ")");
        }
        String userKey = o.rotationKey().didKey();

        // 2. The live identity: not tombstoned, our key still a rotation key, the old PDS gone.
        PlcAuditLog log = liveLog(did);
        PlcState now = log.current();
        if (now.tombstoned()) {
            throw new RefusedException(did + " is tombstoned in the PLC directory " + plc.uri()
                    + ": the identity is gone for good and cannot be restored", false);
        }
        if (!now.rotationKeys().contains(userKey)) {
            throw new RefusedException("the key in the rotation key file (" + userKey + ") is not among the rotation keys"
                    + " of " + did + " " + now.rotationKeys() + "; use the key you added with identity add-rotation-key",
                    true);
        }
        boolean pointsHere = now.pdsEndpoint().map(e -> MoveProof.sameUrl(e, target)).orElse(false);
        // Once a run has changed the identity, the PDS it names is the new one (or ours, on the way).
        if (!pointsHere && !o.force() && !state.reached(Step.SIGNING_KEY_SET)) {
            Optional<String> old = now.pdsEndpoint();
            old.ifPresent(u -> listener.say("asking the PDS the DID names, " + u + ", whether it still serves " + did));
            if (old.isPresent() && stillServes(URI.create(old.get()), did)) {
                throw new RefusedException("the PDS the DID names, " + old.get() + ", still serves " + did
                        + "; while it is alive use carport migrate (or add --force to restore anyway)", true);
            }
        }
        if (state.rotationKeys().isEmpty()) {
            state = state.withRotationKeys(List.of(userKey));
        }
        state = state.write(dir);

        // 3. Our own #atproto key, set by the rotation key (checked against the live log on every run
        //    until the account exists, so a lost or unsubmitted key is simply set again).
        SigningKey signing = null;
        if (!state.reached(Step.ACCOUNT_CREATED)) {
            signing = signingKey(dir);
            if (!signing.didKey().equals(now.verificationMethods().get("atproto"))) {
                PlcUpdate.Signed op = PlcUpdate.after(now)
                        .withRotationKeys(userKey, now.rotationKeys())
                        .withAtprotoKey(signing.didKey())
                        .sign(o.rotationKey());
                submitToDirectory(did, log, op);
                listener.say("identity: the DID's signing key is now carport's " + signing.didKey()
                        + " (kept in " + MoveState.SIGNING_KEY_FILE + " until the account is active)");
            }
        }
        if (!state.reached(Step.SIGNING_KEY_SET)) {
            state = state.withStep(Step.SIGNING_KEY_SET).write(dir);
        }

        // 4. The account on the new PDS.
        PdsClient pds = clients.apply(target);
        ServerDescription desc = pds.describeServer();
        String handle = state.handle().orElseGet(() -> chooseHandle(now, desc, did));
        if (state.handle().isEmpty()) {
            state = state.withHandle(handle).write(dir);
        }
        PdsSession session = account(pds, desc, did, handle, signing, state);
        if (!state.reached(Step.ACCOUNT_CREATED)) {
            state = state.withStep(Step.ACCOUNT_CREATED).write(dir);
        }

        // 5. Repository, blobs, preferences.
        if (!state.reached(Step.REPO_IMPORTED)) {
            listener.say("importing the repository (commit " + commit.cid() + ", rev " + commit.rev() + ")");
            long t = System.nanoTime();
            session.importRepo(dir.resolve(ExportDir.REPO));
            listener.say("repository imported in " + millis(t) + " ms");
            state = state.withStep(Step.REPO_IMPORTED).write(dir);
        }
        long left = MoveSteps.uploadMissingBlobs(session, Optional.empty(), dir, did, o.blobThreads(), listener);
        if (left != state.blobsLeft()) {
            state = state.withBlobsLeft(left).write(dir);
        }
        if (!state.reached(Step.BLOBS_UPLOADED)) {
            state = state.withStep(Step.BLOBS_UPLOADED).write(dir);
        }
        if (!state.reached(Step.PREFERENCES_SET)) {
            Optional<ArrayNode> prefs = PreferencesFile.read(dir, did);
            if (prefs.isPresent()) {
                session.putPreferences(prefs.get());
                listener.say("preferences: " + prefs.get().size() + " put on the new PDS");
            } else {
                listener.say("preferences: none exported (export --login keeps them)");
            }
            state = state.withStep(Step.PREFERENCES_SET).write(dir);
        }

        // 6. The identity: the new PDS, its key and rotation key, the user's key first. The endpoint is
        //    the one the PDS recommends (its public URL, which --to may reach through a proxy).
        DidCredentials rec = session.getRecommendedDidCredentials();
        URI served = rec.pdsEndpoint().map(URI::create).orElse(target);
        if (!state.reached(Step.IDENTITY_SWITCHED)) {
            log = liveLog(did);
            PlcState current = log.current();
            if (switched(current, served, rec)) {
                listener.say("identity: the DID already names " + served);
            } else {
                PlcUpdate.Signed op = PlcUpdate.after(current)
                        .withRotationKeys(userKey, rec.rotationKeys())
                        .withAtprotoKey(rec.atprotoKey().orElseThrow(() -> new RemoteException(target
                                + " recommended no #atproto signing key")))
                        .withAlsoKnownAs(rec.alsoKnownAs())
                        .withPds(served.toString())
                        .sign(o.rotationKey());
                check(log, op);
                listener.say("identity: pointing the DID at " + served + " (rotation keys " + op.operation().rotationKeys()
                        + ")");
                session.submitPlcOperation(op.json());
                if (!switched(liveLog(did).current(), served, rec)) {
                    throw new RemoteException(target + " accepted the PLC operation, but the directory " + plc.uri()
                            + " does not show it; re-run to try again");
                }
            }
            state = state.withStep(Step.IDENTITY_SWITCHED).write(dir);
        }

        // 7. Activate, then prove.
        if (!state.reached(Step.ACTIVATED)) {
            session.activateAccount();
            if (!sync.getRepoStatus(target, did).active()) { // through --to, as every call so far
                throw new RemoteException(target + " accepted activateAccount but does not report " + did
                        + " active; re-run to try again");
            }
            state = state.withStep(Step.ACTIVATED).write(dir);
            // The DID no longer names carport's key: it signs nothing any more.
            Files.deleteIfExists(dir.resolve(MoveState.SIGNING_KEY_FILE));
        }
        listener.say("the account is active on " + target);
        MoveProof.Report proof = MoveProof.compare(new MoveProof.Inputs(dir, did, served, session, sync, resolver,
                Optional.of(userKey), o.blobThreads()));
        if (proof.holds() && left == 0) {
            state = state.withStep(Step.PROVEN).write(dir);
        }
        if (left > 0) {
            return new Result(Result.Kind.BLOBS_LEFT, did, Optional.of(proof), left, did + " is restored and active on "
                    + target + ", but " + left + " blobs were held back by the new PDS's rate limit; re-run the same"
                    + " command later to upload them");
        }
        return new Result(proof.holds() ? Result.Kind.PROVEN : Result.Kind.DIFFERS, did, Optional.of(proof), 0,
                proof.holds() ? did + " restored on " + target + " and proven" : "the comparison differs");
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    /** The live audit log, validated by carport's own checker. */
    private PlcAuditLog liveLog(Did did) {
        PlcAuditLog log;
        try {
            log = PlcAuditLog.parse(plc.auditLog(did));
            log.validate();
        } catch (PlcLogException e) {
            throw new InvalidDataException("the PLC directory " + plc.uri() + " serves an audit log of " + did
                    + " that does not validate: " + e.getMessage());
        }
        if (!log.did().equals(did.toString())) {
            throw new InvalidDataException("the PLC directory " + plc.uri() + " served the log of " + log.did()
                    + " when asked for " + did);
        }
        return log;
    }

    /** Checks the operation against the live log with carport's own validator; says why not. */
    private static void check(PlcAuditLog log, PlcUpdate.Signed op) {
        try {
            log.append(op, Instant.now());
        } catch (PlcLogException e) {
            throw new InvalidDataException("the PLC operation carport built would not be valid (" + e.getMessage()
                    + "); it was not submitted");
        }
    }

    private void submitToDirectory(Did did, PlcAuditLog log, PlcUpdate.Signed op) {
        check(log, op);
        plc.submit(did, op.json());
        PlcAuditLog after = liveLog(did);
        if (!after.current().entry().cid().equals(op.cid())) {
            throw new RemoteException("the PLC directory " + plc.uri() + " accepted the operation but its log does not"
                    + " end with it; re-run to try again");
        }
    }

    /**
     * Whether a PDS still answers for the account as active (any failure to answer: no). One
     * attempt, no retry notices: a dead PDS is what a restore expects to find.
     */
    private boolean stillServes(URI pds, Did did) {
        SyncClient probe = new SyncClient(sync.transport().config().toBuilder().maxAttempts(1)
                .connectTimeout(Duration.ofSeconds(10)).listener(message -> { }).build());
        try {
            return probe.getRepoStatus(pds, did).active();
        } catch (RemoteException e) {
            return false;
        }
    }

    /** The generated #atproto key: read back on a re-run, else made now and saved (0600) before it is used. */
    private static SigningKey signingKey(Path dir) throws IOException {
        Path file = dir.resolve(MoveState.SIGNING_KEY_FILE);
        if (Files.exists(file)) {
            try {
                return KeyFile.read(file);
            } catch (KeyFile.KeyFileException e) {
                throw new RefusedException(e.getMessage(), true);
            }
        }
        SigningKey key = SigningKey.generate(Curve.K256);
        KeyFile.write(file, key);
        return key;
    }

    private String chooseHandle(PlcState now, ServerDescription desc, Did did) {
        if (o.handle().isPresent()) {
            String h = o.handle().get();
            if (!Handle.isValid(h)) {
                throw new RefusedException("--handle " + h + " is not a valid handle", true);
            }
            return h;
        }
        Optional<String> current = now.alsoKnownAs().stream().filter(a -> a.startsWith("at://"))
                .map(a -> a.substring(5)).filter(Handle::isValid).findFirst();
        if (current.isPresent() && desc.servesHandle(current.get())) {
            return current.get();
        }
        if (current.isPresent()) {
            try {
                if (resolver.handleToDid(Handle.parse(current.get())).equals(did)) {
                    return current.get(); // a domain of the user's own, still pointing at the DID
                }
            } catch (RemoteException e) {
                // does not resolve: it was the old PDS's
            }
        }
        throw new RefusedException("the handle " + current.orElse("(none)") + " does not resolve to " + did
                + " any more; give --handle NAME" + (desc.availableUserDomains().isEmpty() ? ""
                        : desc.availableUserDomains().get(0)) + " (the new PDS serves "
                + String.join(", ", desc.availableUserDomains()) + ") or a domain of your own", true);
    }

    private PdsSession account(PdsClient pds, ServerDescription desc, Did did, String handle, SigningKey signing,
            MoveState state) {
        if (state.reached(Step.ACCOUNT_CREATED)) {
            return pds.login(did.toString(), o.password());
        }
        if (desc.inviteCodeRequired() && o.inviteCode().isEmpty()) {
            throw new RefusedException(pds.uri() + " requires an invite code; give --invite-code CODE", true);
        }
        Secret token = Secret.of(ServiceAuthToken.mint(signing, did.toString(), desc.did().toString(),
                "com.atproto.server.createAccount", Instant.now(), TOKEN_LIFETIME));
        try {
            listener.say("creating the account on " + pds.uri() + " as " + handle);
            return pds.createAccount(new PdsClient.NewAccount(did, handle, Optional.of(o.email()), o.password(),
                    o.inviteCode()), token);
        } catch (PdsException e) {
            if (e.kind() != PdsException.Kind.ALREADY_EXISTS) {
                throw e;
            }
            listener.say("the account already exists on " + pds.uri() + " (an earlier run); logging in");
            return pds.login(did.toString(), o.password());
        }
    }

    /** Whether the DID already names the new PDS and its recommended signing key. */
    private static boolean switched(PlcState s, URI target, DidCredentials rec) {
        return s.pdsEndpoint().map(e -> MoveProof.sameUrl(e, target)).orElse(false)
                && rec.atprotoKey().map(k -> k.equals(s.verificationMethods().get("atproto"))).orElse(false);
    }
}
