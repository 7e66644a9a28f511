package carport.export;

import carport.core.InvalidDataException;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.crypto.VerifyingKey;
import carport.core.identity.DidDocument;
import carport.core.json.AtJson;
import carport.core.plc.KeyHistory;
import carport.core.plc.PlcAuditLog;
import carport.core.plc.PlcState;
import carport.core.repo.Commit;
import carport.core.repo.RepoReader;
import carport.core.repo.RepoVerifier;
import carport.core.repo.VerifyReport;
import carport.core.syntax.RepoPath;
import carport.export.blobs.BlobDownloader;
import carport.export.repo.BlobRefs;
import carport.export.unpack.RecordFileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Verifies an export without the network, years after it was made: the repository in full (every
 * block, the MST, the signature), every record file against its record, every blob against its CID,
 * and the manifests against the files. The signature is checked with the key the export's own
 * identity files give: for did:plc, the audit log is validated operation by operation and the
 * {@code #atproto} key in force at the commit's revision time is used, so an export still verifies
 * after the account rotates its keys.
 */
public final class ExportChecker {
    /** Problem lines kept in a report; all are counted. */
    private static final int MAX_PROBLEMS = 1000;

    private final ExportDir dir;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long problemCount;

    private ExportChecker(Path root) {
        this.dir = new ExportDir(root);
    }

    /** Checks the export in {@code accountDir} ({@code <out>/<did>}). */
    public static CheckReport check(Path accountDir) throws IOException {
        return new ExportChecker(accountDir).run();
    }

    private void problem(String line) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(line);
        }
    }

    private CheckReport report(ExportManifest m, long records, long blobs, String key) {
        if (problemCount > problems.size()) {
            notes.add((problemCount - problems.size()) + " more problems not listed");
        }
        return new CheckReport(dir.root(), m == null ? null : m.did(), m == null ? null : m.rev(),
                m == null ? null : m.commit(), records, blobs, key, problems,
                m == null ? List.of() : m.failures(), notes);
    }

    private CheckReport run() throws IOException {
        if (!Files.isDirectory(dir.root())) {
            throw new NoSuchFileException(dir.root().toString());
        }
        if (Files.exists(dir.journal())) {
            problem("an update of this export was interrupted; run carport export again to complete it");
        }
        Path manifestFile = dir.file(ExportDir.MANIFEST);
        if (!Files.exists(manifestFile)) {
            problem("no " + ExportDir.MANIFEST + ": this is not a complete export (was it interrupted?)");
            return report(null, 0, 0, null);
        }
        ExportManifest m;
        try {
            m = ExportManifest.parse(Files.readAllBytes(manifestFile));
        } catch (InvalidDataException e) {
            problem(e.getMessage());
            return report(null, 0, 0, null);
        }

        List<VerifyingKey> keys = keys(m);
        if (!Files.exists(dir.file(ExportDir.REPO))) {
            problem("no " + ExportDir.REPO);
            return report(m, 0, 0, null);
        }
        String usedKey = null;
        long records = 0;
        long blobs = 0;
        try (RepoReader repo = RepoReader.open(dir.file(ExportDir.REPO))) {
            Commit c = repo.commit();
            if (!c.cid().toString().equals(m.commit())) {
                problem(ExportDir.REPO + " holds commit " + c.cid() + " but " + ExportDir.MANIFEST + " names " + m.commit());
            }
            if (!c.did().toString().equals(m.did())) {
                problem(ExportDir.REPO + " is for " + c.did() + " but " + ExportDir.MANIFEST + " names " + m.did());
            }
            if (!java.util.Objects.equals(c.rev(), m.rev())) {
                problem(ExportDir.REPO + " is at rev " + c.rev() + " but " + ExportDir.MANIFEST + " says " + m.rev());
            }
            VerifyingKey key = null;
            for (VerifyingKey k : keys) {
                if (c.checkSignature(k).isValid()) {
                    key = k;
                    break;
                }
            }
            if (key == null && !keys.isEmpty()) {
                key = keys.get(0); // the verifier reports how the signature fails against it
            }
            if (key == null) {
                problem("no signing key: the identity files give no #atproto key for " + m.did());
            } else {
                usedKey = key.toDidKey();
            }
            VerifyReport report = RepoVerifier.verify(repo, RepoVerifier.Options.defaults().withKey(key));
            for (String p : report.problems()) {
                problem(ExportDir.REPO + ": " + p);
            }
            if (report.problemCount() > report.problems().size()) {
                problemCount += report.problemCount() - report.problems().size();
            }
            notes.addAll(report.notes().stream().filter(n -> !n.startsWith("signature not checked")).toList());
            checkCommitFile(repo);
            records = checkRecords(repo, m.recordFileNames());
            if (records != m.records()) {
                problem(records + " record files, but " + ExportDir.MANIFEST + " says " + m.records());
            }
            blobs = checkBlobs(repo, m);
            if (blobs != m.blobs()) {
                problem(blobs + " blob files, but " + ExportDir.MANIFEST + " says " + m.blobs());
            }
        } catch (InvalidDataException e) {
            problem(ExportDir.REPO + ": " + e.getMessage());
        }
        if (m.verified() != m.failures().isEmpty()) {
            problem(ExportDir.MANIFEST + " says verified=" + m.verified() + " with " + m.failures().size() + " failures");
        }
        checkPreferences(m);
        return report(m, records, blobs, usedKey);
    }

    /** {@code _preferences.json} is optional ({@code export --login}); when present it must be well-formed. */
    private void checkPreferences(ExportManifest m) throws IOException {
        try {
            PreferencesFile.read(dir.root(), carport.core.syntax.Did.parse(m.did()))
                    .ifPresent(p -> notes.add(PreferencesFile.NAME + ": " + p.size() + " preferences"));
        } catch (InvalidDataException e) {
            problem(e.getMessage());
        }
    }

    /**
     * The keys to try, best first: for did:plc the key in force at the commit's revision according to
     * the validated audit log, then the DID document's key.
     */
    private List<VerifyingKey> keys(ExportManifest m) throws IOException {
        List<VerifyingKey> keys = new ArrayList<>();
        DidDocument doc = null;
        Path docFile = dir.file(ExportDir.DID_DOC);
        if (!Files.exists(docFile)) {
            problem("no " + ExportDir.DID_DOC);
        } else {
            try {
                doc = DidDocument.parse(Files.readAllBytes(docFile));
                if (!doc.id().toString().equals(m.did())) {
                    problem(ExportDir.DID_DOC + " is about " + doc.id() + ", not " + m.did());
                }
            } catch (InvalidDataException e) {
                problem(ExportDir.DID_DOC + ": " + e.getMessage());
            }
        }
        if (m.did().startsWith("did:plc:")) {
            Path logFile = dir.file(ExportDir.PLC_AUDIT);
            if (!Files.exists(logFile)) {
                problem("no " + ExportDir.PLC_AUDIT + " (required for did:plc)");
            } else {
                PlcAuditLog log = validAuditLog(Files.readAllBytes(logFile), m.did(), problems());
                if (log != null) {
                    notes.add(ExportDir.PLC_AUDIT + ": " + log.entries().size() + " operations, chain valid");
                    Optional<Instant> at = KeyHistory.revTime(m.rev());
                    if (at.isPresent()) {
                        Optional<KeyHistory.KeyInForce> then = new KeyHistory(log).keyAt(at.get());
                        if (then.isPresent()) {
                            keys.add(then.get().key());
                        } else {
                            notes.add("the audit log has no #atproto key in force at " + at.get());
                        }
                    }
                    PlcState now = log.current();
                    if (doc != null && now.atprotoKey().isPresent() && doc.atprotoKey().isPresent()
                            && !now.atprotoKey().get().equals(doc.atprotoKey().get())) {
                        problem(ExportDir.DID_DOC + " and the last operation of " + ExportDir.PLC_AUDIT
                                + " name different #atproto keys");
                    }
                }
            }
        }
        if (doc != null) {
            try {
                doc.atprotoKey().filter(k -> !keys.contains(k)).ifPresent(keys::add);
            } catch (InvalidDataException e) {
                problem(ExportDir.DID_DOC + ": " + e.getMessage());
            }
        }
        return keys;
    }

    private java.util.function.Consumer<String> problems() {
        return this::problem;
    }

    /**
     * Parses and validates a did:plc audit log as the did:plc spec says (each operation's CID, the
     * DID from the genesis operation, every signature by a rotation key of the operation before,
     * nullification rules); null after reporting the reason if it is not valid for {@code did}.
     */
    static PlcAuditLog validAuditLog(byte[] json, String did, java.util.function.Consumer<String> problem) {
        try {
            PlcAuditLog log = PlcAuditLog.parse(json);
            if (!log.did().equals(did)) {
                problem.accept(ExportDir.PLC_AUDIT + " is about " + log.did() + ", not " + did);
                return null;
            }
            log.validate();
            return log;
        } catch (InvalidDataException e) {
            problem.accept(ExportDir.PLC_AUDIT + ": " + e.getMessage());
            return null;
        }
    }

    private void checkCommitFile(RepoReader repo) throws IOException {
        Path f = dir.file(ExportDir.COMMIT);
        if (!Files.exists(f)) {
            problem("no " + ExportDir.COMMIT);
            return;
        }
        byte[] block = repo.car().get(repo.commit().cid());
        if (!sameData(Files.readAllBytes(f), block)) {
            problem(ExportDir.COMMIT + " is not the commit in " + ExportDir.REPO);
        }
    }

    /** True if the atproto JSON {@code json} encodes to exactly the DAG-CBOR {@code block}. */
    private static boolean sameData(byte[] json, byte[] block) {
        try {
            return java.util.Arrays.equals(DagCbor.encode(AtJson.fromJson(json)), block);
        } catch (InvalidDataException e) {
            return false;
        }
    }

    /** Every record has its file with its exact data, and no record file is left over. Returns the count. */
    private long checkRecords(RepoReader repo, RecordFileNames names) throws IOException {
        Path root = dir.root();
        long[] count = {0};
        repo.forEachRecord(r -> {
            if (!RepoPath.isValid(r.key())) {
                return; // recorded as a failure by the export
            }
            RepoPath p = RepoPath.parse(r.key());
            Path file = names.resolve(root, p.collection(), p.rkey());
            byte[] json;
            try {
                json = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                problem("record " + r.key() + " has no file");
                return;
            } catch (IOException e) {
                problem("record " + r.key() + ": " + e.getMessage());
                return;
            }
            count[0]++;
            Object value;
            try {
                value = AtJson.fromJson(json);
            } catch (InvalidDataException e) {
                problem(root.relativize(file) + " is not valid JSON: " + e.getMessage());
                return;
            }
            byte[] cbor = DagCbor.encode(value);
            if (!r.cid().isDigestOf(cbor, 0, cbor.length) || r.cid().codec() != Cid.DAG_CBOR) {
                problem(root.relativize(file) + " does not match record " + r.key() + " (" + r.cid() + ")");
            }
        });
        List<String> extra = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> !f.equals(root) && Files.isRegularFile(f)).forEach(f -> {
                Path rel = root.relativize(f);
                String first = rel.getName(0).toString();
                if (first.startsWith("_") || first.startsWith(".")) {
                    return;
                }
                String key;
                try {
                    key = names.parse(root, f).toString();
                } catch (InvalidDataException e) {
                    notes.add("unexpected file " + rel + " (not a record file; ignored)");
                    return;
                }
                if (repo.find(key).isEmpty()) {
                    extra.add(rel.toString());
                }
            });
        }
        for (String e : extra) {
            problem(e + " is not a record of the repository");
        }
        return count[0];
    }

    /** Every blob line against its file and CID; no unlisted blob file; every referenced blob listed. */
    private long checkBlobs(RepoReader repo, ExportManifest m) throws IOException {
        Path manifest = dir.file(ExportDir.BLOBS);
        if (!Files.exists(manifest)) {
            problem("no " + ExportDir.BLOBS);
            return 0;
        }
        Set<String> listed = new HashSet<>();
        long present = 0;
        int lineNo = 0;
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Map<?, ?> b;
            Cid cid;
            try {
                b = Json.object(line.getBytes(StandardCharsets.UTF_8), ExportDir.BLOBS + " line " + lineNo);
                cid = Cid.parse(Json.string(b, "cid"));
            } catch (InvalidDataException e) {
                problem(ExportDir.BLOBS + " line " + lineNo + ": " + e.getMessage());
                continue;
            }
            listed.add(cid.toString());
            Path file = dir.blob(cid.toString());
            if (Boolean.TRUE.equals(b.get("missing"))) {
                if (Files.exists(file)) {
                    problem("blob " + cid + " is marked missing but its file exists");
                }
                continue;
            }
            if (!Files.exists(file)) {
                problem("blob " + cid + " has no file");
                continue;
            }
            present++;
            if (!BlobDownloader.isGoodCopy(file, cid)) {
                problem("blob file " + cid + " does not match its CID");
            }
            Object size = b.get("size");
            if (!(size instanceof Long) || (Long) size != Files.size(file)) {
                problem("blob " + cid + ": " + ExportDir.BLOBS + " gives size " + size + ", the file has "
                        + Files.size(file) + " bytes");
            }
        }
        Path blobDir = dir.file(ExportDir.BLOB_DIR);
        if (Files.isDirectory(blobDir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(blobDir)) {
                for (Path p : s) {
                    if (!listed.contains(p.getFileName().toString())) {
                        problem("blob file " + p.getFileName() + " is not in " + ExportDir.BLOBS);
                    }
                }
            }
        }
        for (Cid c : BlobRefs.scan(repo).refs().keySet()) {
            if (!listed.contains(c.toString())) {
                problem("blob " + c + " is referenced by a record but not in " + ExportDir.BLOBS);
            }
        }
        return present;
    }
}
