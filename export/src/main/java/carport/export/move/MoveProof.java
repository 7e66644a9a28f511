package carport.export.move;

import carport.core.InvalidDataException;
import carport.core.cid.Cid;
import carport.core.crypto.VerifyingKey;
import carport.core.identity.DidDocument;
import carport.core.plc.PlcAuditLog;
import carport.core.plc.PlcState;
import carport.core.repo.Commit;
import carport.core.repo.RepoReader;
import carport.core.repo.RepoVerifier;
import carport.core.repo.VerifyReport;
import carport.core.syntax.Did;
import carport.export.ExportDir;
import carport.export.PreferencesFile;
import carport.export.store.FileOps;
import carport.net.RemoteException;
import carport.net.identity.IdentityResolver;
import carport.net.pds.AccountStatus;
import carport.net.pds.DidCredentials;
import carport.net.pds.MissingBlob;
import carport.net.pds.PdsSession;
import carport.net.xrpc.RepoStatus;
import carport.net.xrpc.SyncClient;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Proven after": compares what the new PDS serves with the source export, after a
 * {@code migrate} or a {@code restore}. Every line of the {@link Report} must hold:
 *
 * <ul>
 *   <li><b>records</b>: the repository the new PDS serves has exactly the export's record keys
 *       with the same CIDs, and every block, the MST and every record check out;</li>
 *   <li><b>head</b>: its commit is the export's commit (right after a move the PDS serves the
 *       imported commit, still signed with the old key), or, if the account wrote since, it
 *       verifies under the DID's current {@code #atproto} key (records then may differ by what
 *       was written, which is listed, not counted against it);</li>
 *   <li><b>blobs</b>: {@code listMissingBlobs} is empty, {@code checkAccountStatus} counts as many
 *       imported blobs as expected, and every blob of the export comes back from {@code getBlob}
 *       with bytes that hash to its CID (so the same bytes);</li>
 *   <li><b>preferences</b>: equal to {@code _preferences.json}, when the export has one;</li>
 *   <li><b>identity</b>: the DID's current PLC state (validated audit log) names the new PDS as
 *       {@code #atproto_pds}, the new PDS's signing key as {@code #atproto}, and the user's
 *       rotation key first, and the DID document served agrees;</li>
 *   <li><b>account</b>: active on the new PDS ({@code getRepoStatus} and
 *       {@code checkAccountStatus}).</li>
 * </ul>
 * Reads only; changes nothing anywhere except a hidden scratch folder inside the export, removed
 * at the end.
 */
public final class MoveProof {
    /** The scratch folder inside the export (hidden: {@code check} and {@code export} ignore it). */
    static final String SCRATCH = ".move-proof";

    /** What to compare. */
    public record Inputs(Path exportDir, Did did, URI newPds, PdsSession newSession, SyncClient sync,
            IdentityResolver resolver, Optional<String> userRotationKey, int blobThreads) {
        public Inputs {
            Objects.requireNonNull(exportDir, "exportDir");
            Objects.requireNonNull(did, "did");
            Objects.requireNonNull(newPds, "newPds");
            Objects.requireNonNull(newSession, "newSession");
            Objects.requireNonNull(sync, "sync");
            Objects.requireNonNull(resolver, "resolver");
            Objects.requireNonNull(userRotationKey, "userRotationKey");
            if (blobThreads < 1) {
                throw new IllegalArgumentException("blobThreads must be at least 1");
            }
        }
    }

    /** One compared aspect: whether it holds, and what was found. */
    public record Line(String aspect, boolean holds, String detail) {
        @Override
        public String toString() {
            return (holds ? "  ok    " : "  FAIL  ") + aspect + ": " + detail;
        }
    }

    /** The comparison; {@link #holds()} only if every line does. */
    public record Report(Did did, URI newPds, List<Line> lines) {
        public Report {
            lines = List.copyOf(lines);
        }

        public boolean holds() {
            return !lines.isEmpty() && lines.stream().allMatch(Line::holds);
        }

        public void print(PrintWriter out) {
            out.println("proven after: " + did + " on " + newPds + " compared with the export");
            lines.forEach(out::println);
            out.println(holds() ? "everything holds: nothing was lost" : "the comparison DIFFERS (lines marked FAIL)");
            out.flush();
        }
    }

    private final Inputs in;
    private final List<Line> lines = new ArrayList<>();

    private MoveProof(Inputs in) {
        this.in = in;
    }

    /** Runs every comparison; a server failure while comparing is a failed line, not an exception. */
    public static Report compare(Inputs in) throws IOException {
        return new MoveProof(in).run();
    }

    private Report run() throws IOException {
        Path scratch = in.exportDir().resolve(SCRATCH);
        FileOps.deleteTree(scratch);
        Files.createDirectories(scratch);
        try {
            PlcState plc = identity();
            account();
            repo(scratch, plc);
            blobs(scratch);
            preferences();
        } finally {
            FileOps.deleteTree(scratch);
        }
        return new Report(in.did(), in.newPds(), lines);
    }

    private void line(String aspect, boolean holds, String detail) {
        lines.add(new Line(aspect, holds, detail));
    }

    // ------------------------------------------------------------------ identity

    private PlcState identity() {
        if (!"plc".equals(in.did().method())) {
            DidDocument doc;
            try {
                doc = in.resolver().resolveDid(in.did(), false).didDocument();
            } catch (RemoteException | InvalidDataException e) {
                line("identity", false, "cannot fetch the DID document: " + e.getMessage());
                return null;
            }
            boolean pds = doc.pdsEndpoint().map(e -> sameUrl(e, in.newPds())).orElse(false);
            line("identity", pds, "DID document names " + doc.pdsEndpoint().orElse("no PDS")
                    + (pds ? " (the new PDS)" : ", not " + in.newPds()));
            return null;
        }
        PlcState state;
        try {
            PlcAuditLog log = PlcAuditLog.parse(in.resolver().fetchPlcAuditLog(in.did()));
            log.validate();
            state = log.current();
        } catch (RemoteException | InvalidDataException e) {
            line("identity", false, "cannot read a valid PLC audit log: " + e.getMessage());
            return null;
        }
        List<String> wrong = new ArrayList<>();
        String endpoint = state.pdsEndpoint().orElse("none");
        if (!sameUrl(endpoint, in.newPds())) {
            wrong.add("#atproto_pds is " + endpoint + ", not " + in.newPds());
        }
        String key = state.verificationMethods().getOrDefault("atproto", "none");
        Optional<String> expectedKey = Optional.empty();
        try {
            DidCredentials rec = in.newSession().getRecommendedDidCredentials();
            expectedKey = rec.atprotoKey();
            for (String k : rec.rotationKeys()) {
                if (!state.rotationKeys().contains(k)) {
                    wrong.add("the new PDS's rotation key " + k + " is not among the rotation keys");
                }
            }
        } catch (RemoteException e) {
            wrong.add("the new PDS does not say its signing key (" + e.getMessage() + ")");
        }
        if (expectedKey.isPresent() && !expectedKey.get().equals(key)) {
            wrong.add("#atproto is " + key + ", not the new PDS's key " + expectedKey.get());
        }
        List<String> rot = state.rotationKeys();
        if (in.userRotationKey().isPresent()) {
            String mine = in.userRotationKey().get();
            if (rot.isEmpty() || !rot.get(0).equals(mine)) {
                wrong.add("your rotation key " + mine + " is not first among " + rot);
            }
        }
        try {
            DidDocument doc = in.resolver().resolveDid(in.did(), false).didDocument();
            if (!doc.pdsEndpoint().map(e -> sameUrl(e, in.newPds())).orElse(false)) {
                wrong.add("the DID document served names " + doc.pdsEndpoint().orElse("no PDS"));
            }
        } catch (RemoteException | InvalidDataException e) {
            wrong.add("cannot fetch the DID document: " + e.getMessage());
        }
        if (wrong.isEmpty()) {
            line("identity", true, "#atproto_pds = " + endpoint + ", #atproto = " + key + ", rotation keys "
                    + (in.userRotationKey().isPresent() ? "yours first " : "") + rot);
        } else {
            line("identity", false, String.join("; ", wrong));
        }
        return state;
    }

    static boolean sameUrl(String a, URI b) {
        return strip(a).equals(strip(b.toString()));
    }

    private static String strip(String s) {
        String t = s.trim();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.toLowerCase(java.util.Locale.ROOT);
    }

    // ------------------------------------------------------------------ account

    private void account() {
        try {
            RepoStatus rs = in.sync().getRepoStatus(in.newPds(), in.did());
            AccountStatus st = in.newSession().checkAccountStatus();
            boolean ok = rs.active() && st.activated();
            line("account", ok, ok ? "active on the new PDS"
                    : "not active on the new PDS (getRepoStatus: " + (rs.active() ? "active" : rs.status().orElse("inactive"))
                            + ", checkAccountStatus activated=" + st.activated() + ")");
        } catch (RemoteException e) {
            line("account", false, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ repository

    private void repo(Path scratch, PlcState plc) throws IOException {
        Path served = scratch.resolve("served.car");
        try {
            in.sync().getRepo(in.newPds(), in.did(), Optional.empty(), served, (a, b) -> { });
        } catch (RemoteException e) {
            line("records", false, "cannot download the repository from the new PDS: " + e.getMessage());
            line("head", false, "unknown (no repository)");
            return;
        }
        Map<String, Cid> source = new HashMap<>();
        Commit sourceCommit;
        try (RepoReader r = RepoReader.open(in.exportDir().resolve(ExportDir.REPO))) {
            sourceCommit = r.commit();
            r.forEachRecord(rec -> source.put(rec.key(), rec.cid()));
        }
        try (RepoReader r = RepoReader.open(served)) {
            Commit head = r.commit();
            boolean same = head.cid().equals(sourceCommit.cid());
            VerifyingKey current = plc == null ? null : plc.atprotoKey().orElse(null);
            RepoVerifier.Options opts = RepoVerifier.Options.defaults().withExpectedDid(in.did());
            if (!same && current != null) {
                opts = opts.withKey(current);
            }
            VerifyReport v = RepoVerifier.verify(r, opts);
            List<String> problems = v.problems().stream()
                    .filter(p -> same || current != null || !p.startsWith("signature")).toList();
            if (same) {
                line("head", true, head.cid() + " rev " + head.rev() + " = the export's commit (signed with the"
                        + " key in force when it was made; the account's next write is signed with the new key)");
            } else if (current == null) {
                line("head", false, head.cid() + " rev " + head.rev() + " is not the export's commit "
                        + sourceCommit.cid() + ", and no current #atproto key to verify it");
            } else {
                boolean sig = head.checkSignature(current).isValid();
                line("head", sig, head.cid() + " rev " + head.rev() + (sig
                        ? " (written since the move) verifies under the current key " + current.toDidKey()
                        : " is neither the export's commit nor signed by the current key " + current.toDidKey()));
            }
            long[] counts = new long[4]; // same, changed, added, removed
            List<String> diffs = new ArrayList<>();
            Map<String, Cid> remaining = new HashMap<>(source);
            r.forEachRecord(rec -> {
                Cid was = remaining.remove(rec.key());
                if (was == null) {
                    counts[2]++;
                    note(diffs, "+" + rec.key());
                } else if (was.equals(rec.cid())) {
                    counts[0]++;
                } else {
                    counts[1]++;
                    note(diffs, "~" + rec.key());
                }
            });
            counts[3] = remaining.size();
            remaining.keySet().stream().sorted().limit(5).forEach(k -> note(diffs, "-" + k));
            boolean identical = counts[1] == 0 && counts[2] == 0 && counts[3] == 0;
            boolean structure = problems.isEmpty();
            String detail = counts[0] + " of " + source.size() + " records with the same keys and CIDs";
            if (!identical) {
                detail += "; " + counts[1] + " changed, " + counts[2] + " added, " + counts[3] + " missing "
                        + diffs;
            }
            if (!structure) {
                detail += "; the served repository does not verify: " + String.join("; ",
                        problems.subList(0, Math.min(3, problems.size())));
            }
            // After a later write the records may differ by what was written; a signed head vouches for it.
            boolean headVouches = !same && current != null && head.checkSignature(current).isValid();
            line("records", structure && (identical || headVouches) && (same ? identical : true), detail
                    + (identical || !headVouches ? "" : " (written since the move, under the current key)"));
        } catch (InvalidDataException e) {
            line("records", false, "the repository the new PDS serves is not valid: " + e.getMessage());
        }
    }

    private static void note(List<String> diffs, String s) {
        if (diffs.size() < 5) {
            diffs.add(s);
        }
    }

    // ------------------------------------------------------------------ blobs

    private void blobs(Path scratch) throws IOException {
        List<String> missing = new ArrayList<>();
        AccountStatus st;
        try {
            in.newSession().listMissingBlobs((MissingBlob b) -> missing.add(b.cid().toString()));
            st = in.newSession().checkAccountStatus();
        } catch (RemoteException e) {
            line("blobs", false, e.getMessage());
            return;
        }
        List<Cid> local = exportBlobs();
        Path dir = scratch.resolve("blob");
        Files.createDirectories(dir);
        AtomicLong same = new AtomicLong();
        List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(in.blobThreads(), r -> {
            Thread t = new Thread(r, "carport-proof-blob");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Cid cid : local) {
                fs.add(pool.submit(() -> {
                    Path target = dir.resolve(cid.toString());
                    try {
                        in.sync().getBlob(in.newPds(), in.did(), cid, target);
                        same.incrementAndGet();
                    } catch (RemoteException | InvalidDataException e) {
                        bad.add(cid + " (" + e.getMessage() + ")");
                    } finally {
                        try {
                            Files.deleteIfExists(target);
                        } catch (IOException e) {
                            // the scratch folder goes as a whole at the end
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                } catch (java.util.concurrent.ExecutionException e) {
                    bad.add(String.valueOf(e.getCause()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        boolean ok = missing.isEmpty() && bad.isEmpty() && st.importedBlobs() >= st.expectedBlobs();
        String detail = same.get() + " of " + local.size() + " blobs of the export served with the same bytes; "
                + "listMissingBlobs " + (missing.isEmpty() ? "empty" : "lists " + missing.size() + " " + first(missing))
                + "; " + st.importedBlobs() + " of " + st.expectedBlobs() + " expected blobs imported";
        if (!bad.isEmpty()) {
            detail += "; not served: " + first(bad);
        }
        line("blobs", ok, detail);
    }

    private static String first(List<String> l) {
        return l.size() <= 3 ? l.toString() : l.subList(0, 3) + " and " + (l.size() - 3) + " more";
    }

    private List<Cid> exportBlobs() throws IOException {
        Path dir = in.exportDir().resolve(ExportDir.BLOB_DIR);
        List<Cid> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    try {
                        out.add(Cid.parse(name));
                    } catch (InvalidDataException e) {
                        // not a blob file; check reports such files
                    }
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ preferences

    private void preferences() throws IOException {
        Optional<ArrayNode> kept;
        try {
            kept = PreferencesFile.read(in.exportDir(), in.did());
        } catch (InvalidDataException e) {
            line("preferences", false, e.getMessage());
            return;
        }
        if (kept.isEmpty()) {
            line("preferences", true, "none in the export (export --login keeps them); not compared");
            return;
        }
        try {
            ArrayNode now = in.newSession().getPreferences();
            boolean eq = now.equals(kept.get());
            line("preferences", eq, eq ? kept.get().size() + " preferences, equal to " + PreferencesFile.NAME
                    : "the new PDS has " + now.size() + " preferences that differ from the " + kept.get().size()
                            + " in " + PreferencesFile.NAME);
        } catch (RemoteException e) {
            line("preferences", false, e.getMessage());
        }
    }
}
