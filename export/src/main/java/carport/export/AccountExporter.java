package carport.export;

import carport.core.InvalidDataException;
import carport.core.car.CarFile;
import carport.core.cid.Cid;
import carport.core.crypto.VerifyingKey;
import carport.core.plc.KeyHistory;
import carport.core.plc.PlcAuditLog;
import carport.core.repo.Commit;
import carport.core.repo.RepoReader;
import carport.core.repo.RepoVerifier;
import carport.core.repo.VerifyReport;
import carport.core.syntax.AtIdentifier;
import carport.core.syntax.Did;
import carport.core.syntax.RepoPath;
import carport.export.identity.AccountResolver;
import carport.export.identity.ResolvedAccount;
import carport.export.blobs.BlobDownloader;
import carport.export.repo.BlobRefs;
import carport.export.repo.RepoMerger;
import carport.core.mst.TreeDiff;
import carport.export.store.ExportLock;
import carport.export.store.FileOps;
import carport.export.store.Journal;
import carport.export.unpack.DidDirNames;
import carport.export.unpack.RecordFileNames;
import carport.net.RemoteException;
import carport.net.XrpcException;
import carport.net.http.RateLimitedException;
import carport.net.xrpc.LatestCommit;
import carport.net.xrpc.RepoNotFoundException;
import carport.net.xrpc.RepoUnavailableException;
import carport.net.xrpc.SyncApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exports one account into {@code <out>/<did>/}, or brings an earlier export up to date: the
 * repository (verified in full), one JSON file per record, every blob (verified), the identity
 * documents, and the manifests. The folder layout and the crash-safety protocol are in
 * {@code docs/export-format.md}.
 *
 * <p>Nothing in the folder changes until the new state is downloaded and verified; then a journal is
 * written and the update is carried out by local renames only, so a run killed at any moment is
 * completed by the next. Thread-safe: one instance can export several accounts at once.
 */
public final class AccountExporter {
    private final SyncApi sync;
    private final AccountResolver resolver;
    private final ExportOptions options;
    private final RecordFileNames.Detector namingDetector;

    /**
     * @param sync the PDS's sync calls: a {@link carport.net.xrpc.SyncClient} over HTTP, or anything
     *     else that answers them (tests use an in-memory PDS)
     * @param resolver finds the account's DID document, PDS and PLC audit log
     */
    public AccountExporter(SyncApi sync, AccountResolver resolver, ExportOptions options) {
        this(sync, resolver, options, RecordFileNames.Detector.PROBE);
    }

    /**
     * @param namingDetector finds the file naming mode the output folder's file system needs (probed
     *     on every run: an export may have been copied to a disk that folds case)
     */
    public AccountExporter(SyncApi sync, AccountResolver resolver, ExportOptions options,
            RecordFileNames.Detector namingDetector) {
        this.sync = sync;
        this.resolver = resolver;
        this.options = options;
        this.namingDetector = namingDetector;
    }

    /**
     * Exports one account.
     *
     * @throws RemoteException if the account cannot be resolved or downloaded (deactivated,
     *     suspended, taken down, unreachable); an existing export is left as it was
     * @throws InvalidDataException if what the PDS or the directory sent does not verify; an existing
     *     export is left as it was
     * @throws ExportLockedException if another export is writing to the same folder
     * @throws UncheckedIOException if the local disk fails
     */
    public ExportResult export(AtIdentifier identifier, ExportListener listener) {
        Run run = new Run(listener);
        try {
            return run.export(identifier);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The state of one export call. */
    private final class Run {
        final ExportListener listener;
        final List<String> notices = new ArrayList<>();
        final Instant started = Instant.now();
        ResolvedAccount account;
        PlcAuditLog plcLog;
        ExportDir dir;

        Run(ExportListener outer) {
            this.listener = new ExportListener() {
                @Override
                public void notice(String message) {
                    synchronized (notices) {
                        notices.add(message);
                    }
                    outer.notice(message);
                }

                @Override
                public void phase(Phase phase) {
                    outer.phase(phase);
                }

                @Override
                public void repoBytes(long bytes, long total) {
                    outer.repoBytes(bytes, total);
                }

                @Override
                public void records(long done, long total) {
                    outer.records(done, total);
                }

                @Override
                public void blobs(long done, long total, long bytes) {
                    outer.blobs(done, total, bytes);
                }
            };
        }

        ExportResult export(AtIdentifier identifier) throws IOException {
            listener.phase(ExportListener.Phase.RESOLVE);
            account = resolver.resolve(identifier);
            Did did = account.did();
            if (account.plcAuditLog().isPresent()) {
                plcLog = PlcAuditLog.parse(account.plcAuditLog().get());
                if (!plcLog.did().equals(did.toString())) {
                    throw new InvalidDataException("the PLC audit log served for " + did + " is about " + plcLog.did());
                }
                plcLog.validate();
            }
            // Asking for the head first also tells whether the account can be downloaded at all, before
            // anything on disk is touched.
            LatestCommit latest = sync.getLatestCommit(account.pds(), did);

            Files.createDirectories(options.outDir());
            RecordFileNames detected = namingDetector.detect(options.outDir());
            dir = new ExportDir(DidDirNames.like(detected).resolve(options.outDir(), did));
            Files.createDirectories(dir.root());
            ExportLock lock = dir.lock();
            try {
                Installer installer = new Installer(dir, listener);
                installer.recover();
                Optional<ExportManifest> prev = readManifest();
                RecordFileNames names = prev.isPresent() ? prev.get().recordFileNames().strictest(detected) : detected;
                if (prev.isPresent() && !names.equals(prev.get().recordFileNames())) {
                    // Copied to a disk that folds case (or to Windows): names that differ only in case
                    // share one file here. Every record file is rewritten from _repo.car under the
                    // stricter names, under the journal like any update.
                    listener.notice("this file system needs " + names.describe() + " record file names; the export "
                            + "was written with " + prev.get().recordFileNames().describe()
                            + " names: renaming its record files");
                    return update(prev, names, installer, true);
                }
                // An export that recorded failures (a blob the PDS could not serve) is not left as it
                // is: the update path tries the failed parts again, cheaply, since nothing else changed.
                if (prev.isPresent() && prev.get().commit().equals(latest.cid().toString())
                        && prev.get().failures().isEmpty() && Files.exists(dir.file(ExportDir.REPO))) {
                    List<String> damage = inventory(names);
                    if (damage.isEmpty()) {
                        return unchanged(prev.get(), names, installer);
                    }
                    listener.notice("repairing the export: " + String.join("; ", damage));
                    return update(prev, names, installer, true);
                }
                return update(prev, names, installer, false);
            } finally {
                try {
                    discardPreparation();
                } finally {
                    lock.close();
                    cleanWorkFolder();
                }
            }
        }

        /**
         * After a run that failed before its journal was written (a repository that does not verify,
         * a network failure), drops what it had prepared; the folder is as it was before the run.
         */
        private void discardPreparation() throws IOException {
            if (!Files.exists(dir.journal())) {
                FileOps.deleteTree(dir.staging());
                FileOps.deleteTree(dir.blobStaging());
                FileOps.deleteTree(dir.tmp());
            }
        }

        private void cleanWorkFolder() {
            try {
                Files.deleteIfExists(dir.work());
            } catch (IOException e) {
                // not empty: another run took the lock meanwhile, or an install failed and its journal
                // waits for the next run
            }
        }

        private Optional<ExportManifest> readManifest() throws IOException {
            Path p = dir.file(ExportDir.MANIFEST);
            if (!Files.exists(p)) {
                return Optional.empty();
            }
            try {
                ExportManifest m = ExportManifest.parse(Files.readAllBytes(p));
                if (!m.did().equals(account.did().toString())) {
                    throw new InvalidDataException("it is for " + m.did());
                }
                return Optional.of(m);
            } catch (InvalidDataException e) {
                listener.notice("ignoring the existing " + ExportDir.MANIFEST + " (" + e.getMessage()
                        + "); exporting everything again");
                return Optional.empty();
            }
        }

        // ------------------------------------------------------------------ inventory

        /**
         * Confirms that every record file and blob file the export lists is there with its size
         * (cheap: no hashing; with {@link ExportOptions#deep()} blobs are re-hashed too). A blob file
         * of the wrong size or hash is removed so that it is fetched again. Returns what is wrong, in
         * words, or nothing.
         */
        private List<String> inventory(RecordFileNames names) throws IOException {
            long[] missing = {0};
            long[] wrong = {0};
            try (RepoReader repo = RepoReader.open(dir.file(ExportDir.REPO))) {
                repo.forEachRecord(r -> {
                    if (!RepoPath.isValid(r.key())) {
                        return;
                    }
                    RepoPath path = RepoPath.parse(r.key());
                    Path file = names.resolve(dir.root(), path.collection(), path.rkey());
                    try {
                        if (!Files.isRegularFile(file)) {
                            missing[0]++;
                        } else if (Files.size(file) != RecordJson.render(repo.recordBlock(r.cid())).length) {
                            wrong[0]++;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            List<String> damage = new ArrayList<>();
            if (missing[0] > 0) {
                damage.add(missing[0] + " record files missing");
            }
            if (wrong[0] > 0) {
                damage.add(wrong[0] + " record files of the wrong size");
            }
            long blobsMissing = 0;
            long blobsWrong = 0;
            Path listing = dir.file(ExportDir.BLOBS);
            if (Files.exists(listing)) {
                for (String line : Files.readAllLines(listing, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Map<?, ?> m = Json.object(line.getBytes(StandardCharsets.UTF_8), ExportDir.BLOBS);
                    if (Boolean.TRUE.equals(m.get("missing"))) {
                        continue;
                    }
                    String cid = Json.string(m, "cid");
                    Path file = dir.blob(cid);
                    if (!Files.isRegularFile(file)) {
                        blobsMissing++;
                    } else if ((m.get("size") instanceof Number n && Files.size(file) != n.longValue())
                            || (options.deep() && !FileOps.hasSha256(file, Cid.parse(cid).digest()))) {
                        blobsWrong++;
                        Files.delete(file);
                    }
                }
            }
            if (blobsMissing > 0) {
                damage.add(blobsMissing + " blob files missing");
            }
            if (blobsWrong > 0) {
                damage.add(blobsWrong + " blob files damaged (removed, to be fetched again)");
            }
            if (options.deep() && damage.isEmpty()) {
                // record contents: the reconciling install compares every file with the repository
                CheckReport deep = ExportChecker.check(dir.root());
                if (!deep.intact()) {
                    damage.add("check found " + deep.problems().size() + " problems, e.g. " + deep.problems().get(0));
                }
            }
            return damage;
        }

        // ------------------------------------------------------------------ unchanged

        private ExportResult unchanged(ExportManifest prev, RecordFileNames names, Installer installer)
                throws IOException {
            List<Failure> failures = new ArrayList<>();
            boolean signed;
            try (RepoReader current = RepoReader.open(dir.file(ExportDir.REPO))) {
                // The stored head, verified when it was stored: the key in force at its revision
                // may vouch for it (it vouches for nothing new).
                signed = storedCommitKey(current.commit()).isPresent();
            }
            if (!signed) {
                failures.add(new Failure("repo", prev.commit(), "the commit signature does not verify with the "
                        + "account's current key or the key in force at its revision"));
            }
            prepareStaging();
            stageIdentity();
            ExportManifest m = new ExportManifest(account.did().toString(), account.handle().orElse(null),
                    account.pds().toString(), prev.rev(), prev.commit(), prev.records(), prev.blobs(),
                    prev.verified() && signed, Sync.UNCHANGED, started, Instant.now(), options.carportVersion(),
                    failures, names);
            stageHistory(m, 0, 0, 0);
            stage(ExportDir.MANIFEST, m.toJson());
            commit(installer, new Journal(prev.commit(), prev.commit(), options.keepDeleted(), names,
                    Journal.Phase.RECORDS));
            return new ExportResult(dir.root(), m, 0, 0, 0, notices);
        }

        // ------------------------------------------------------------------ full or incremental

        /**
         * @param repair the folder is missing files its manifest lists: every record file is checked
         *     against the repository and rewritten where it differs (the install reconciles instead of
         *     applying a diff), and missing blobs are fetched again
         */
        private ExportResult update(Optional<ExportManifest> prev, RecordFileNames names, Installer installer,
                boolean repair) throws IOException {
            prepareStaging();
            Path stagedRepo = dir.staged(ExportDir.REPO);
            Did did = account.did();
            URI pds = account.pds();

            RepoReader old = prev.isPresent() ? openPrevious(prev.get()) : null;
            // The install diffs against the stored repository only if it really holds the previous state.
            String from = old != null && !repair ? prev.get().commit() : null;
            try {
                Sync mode = Sync.FULL;
                listener.phase(ExportListener.Phase.REPO);
                if (old != null && prev.get().rev() != null) {
                    mode = downloadChanges(old, prev.get().rev(), stagedRepo) ? Sync.INCREMENTAL : Sync.FULL;
                }
                if (mode == Sync.FULL) {
                    sync.getRepo(pds, did, Optional.empty(), stagedRepo, listener::repoBytes);
                }

                listener.phase(ExportListener.Phase.VERIFY);
                try (RepoReader neu = RepoReader.open(stagedRepo)) {
                    Commit c = neu.commit();
                    List<Failure> failures = new ArrayList<>();
                    verify(neu, prev, failures);
                    long added;
                    long updated = 0;
                    long deleted = 0;
                    if (old != null) {
                        TreeDiff.Counts counts = new TreeDiff.Counts();
                        TreeDiff.diff(old.car(), old.commit().data(), neu.car(), c.data(), counts);
                        added = counts.added;
                        updated = counts.updated;
                        deleted = counts.deleted;
                    } else {
                        added = -1;
                    }
                    if (old != null) {
                        old.close();
                        old = null;
                    }

                    long records = countRecords(neu, failures);
                    if (added < 0) {
                        added = records;
                    }

                    listener.phase(ExportListener.Phase.BLOBS);
                    long blobs = stageBlobs(neu, failures);

                    stageIdentity();
                    stage(ExportDir.COMMIT, RecordJson.render(neu.car().get(c.cid())));
                    ExportManifest m = new ExportManifest(did.toString(), account.handle().orElse(null),
                            pds.toString(), c.rev(), c.cid().toString(), records, blobs, failures.isEmpty(), mode,
                            started, Instant.now(), options.carportVersion(), failures, names);
                    stageHistory(m, added, updated, deleted);
                    stage(ExportDir.MANIFEST, m.toJson());
                    neu.close(); // the install reopens it; an open mapping would block the rename on Windows
                    commit(installer, new Journal(from, c.cid().toString(), options.keepDeleted(), names,
                            Journal.Phase.RECORDS));
                    ExportManifest done = ExportManifest.parse(Files.readAllBytes(dir.file(ExportDir.MANIFEST)));
                    return new ExportResult(dir.root(), done, added, updated, deleted, notices);
                }
            } finally {
                if (old != null) {
                    old.close();
                }
            }
        }

        /** The stored repository, if it is the one the manifest names; else null (everything is downloaded). */
        private RepoReader openPrevious(ExportManifest prev) {
            Path p = dir.file(ExportDir.REPO);
            if (!Files.exists(p)) {
                listener.notice(ExportDir.REPO + " is missing; downloading the whole repository");
                return null;
            }
            try {
                RepoReader r = RepoReader.open(p);
                if (r.commit().cid().toString().equals(prev.commit())) {
                    return r;
                }
                r.close();
                listener.notice(ExportDir.REPO + " does not hold the commit " + ExportDir.MANIFEST
                        + " names; downloading the whole repository");
            } catch (IOException | InvalidDataException e) {
                listener.notice(ExportDir.REPO + " cannot be read (" + e.getMessage()
                        + "); downloading the whole repository");
            }
            return null;
        }

        /**
         * Downloads the blocks changed since {@code rev} and merges them with the stored repository into
         * {@code target}. False (after saying why) if that did not work and a full download is needed.
         */
        private boolean downloadChanges(RepoReader old, String rev, Path target) throws IOException {
            Path diffPath = dir.staging().resolve("changes.car");
            try {
                sync.getRepo(account.pds(), account.did(), Optional.of(rev), diffPath, listener::repoBytes);
                try (CarFile diff = CarFile.open(diffPath)) {
                    RepoMerger.merge(old.car(), diff, target);
                }
                return true;
            } catch (RateLimitedException | RepoUnavailableException | RepoNotFoundException e) {
                // the PDS asks us to wait, or will not serve this account at all: a full download at once
                // would be refused the same way (and add load to a server that asked for less)
                throw e;
            } catch (RepoMerger.MergeException | InvalidDataException | XrpcException e) {
                // XrpcException: the PDS refused the since request (an unknown rev, say); network
                // failures are not caught here, a full download would fail the same way.
                listener.notice("the changes since rev " + rev + " cannot be merged with the stored repository ("
                        + e.getMessage() + "); downloading the whole repository instead");
                Files.deleteIfExists(target);
                return false;
            } finally {
                Files.deleteIfExists(diffPath);
            }
        }

        /**
         * Checks the whole repository; throws if anything fails. The signature must verify under the
         * DID document's current key: a commit that verifies only under an earlier key is refused
         * (whoever holds a rotated-out key can backdate a commit), unless it is the head the export
         * already holds, or the user allows it, and then it is recorded as a failure.
         */
        private void verify(RepoReader repo, Optional<ExportManifest> prev, List<Failure> failures) {
            Commit c = repo.commit();
            Did did = account.did();
            if (!c.did().equals(did)) {
                throw new InvalidDataException("the repository " + account.pds() + " sent for " + did + " is signed for "
                        + c.did());
            }
            VerifyingKey current = account.document().atprotoKey().orElseThrow(() -> new InvalidDataException(
                    "the DID document of " + did + " has no #atproto signing key; the repository cannot be verified"));
            VerifyingKey key = current;
            if (!c.checkSignature(current).isValid()) {
                Optional<KeyHistory.KeyInForce> then = keyInForceThatSigned(c);
                if (then.isPresent()) {
                    key = then.get().key();
                    rotatedKey(c, current, then.get(), prev, failures);
                }
            }
            VerifyReport report = RepoVerifier.verify(repo, RepoVerifier.Options.defaults().withKey(key)
                    .withExpectedDid(did));
            if (!report.ok()) {
                throw new InvalidDataException("the repository of " + did + " from " + account.pds()
                        + " does not verify: " + report.problems().get(0)
                        + (report.problemCount() > 1 ? " (and " + (report.problemCount() - 1) + " more problems)" : ""));
            }
        }

        /** A fresh head that verifies only under a rotated-out key: refused, or kept unverified. */
        private void rotatedKey(Commit c, VerifyingKey current, KeyHistory.KeyInForce then,
                Optional<ExportManifest> prev, List<Failure> failures) {
            String until = then.replacedAt().map(t -> " until " + t).orElse("");
            String what = "the head commit " + c.cid() + " (rev " + c.rev() + ") from " + account.pds()
                    + " verifies only under " + then.key().toDidKey() + ", the account's #atproto key" + until
                    + ", not under its current key " + current.toDidKey();
            boolean stored = prev.isPresent() && prev.get().commit().equals(c.cid().toString())
                    && prev.get().failures().stream().noneMatch(f -> f.kind().equals("repo"));
            if (stored) {
                listener.notice(what + "; it is the commit this export already holds, verified when it was stored, "
                        + "so it stays verified (it vouches for nothing new)");
                return;
            }
            if (!options.allowRotatedKey()) {
                throw new RotatedKeyException(what + ". Whoever holds an old key can backdate a commit, so carport "
                        + "does not call it verified; nothing was changed. If the account just moved to a new PDS, "
                        + "that PDS serves the imported head until the account writes again: export again after "
                        + "its next post, or pass --allow-rotated-key to keep it as unverified");
            }
            listener.notice(what + "; kept because of --allow-rotated-key, and not verified");
            failures.add(new Failure("repo", c.cid().toString(), "signed only by the rotated-out key "
                    + then.key().toDidKey() + until + "; not verified (--allow-rotated-key)"));
        }

        /** The key in force at the commit's revision, if it (and not the current key) signed it. */
        private Optional<KeyHistory.KeyInForce> keyInForceThatSigned(Commit c) {
            if (plcLog == null) {
                return Optional.empty();
            }
            return new KeyHistory(plcLog).keyAtRev(c.rev()).filter(k -> c.checkSignature(k.key()).isValid());
        }

        /**
         * The key that made the stored head's signature: the DID document's current key, or for did:plc
         * the key in force at the commit's revision time (the account may have rotated keys since).
         */
        private Optional<VerifyingKey> storedCommitKey(Commit c) {
            Optional<VerifyingKey> current = account.document().atprotoKey();
            if (current.isPresent() && c.checkSignature(current.get()).isValid()) {
                return current;
            }
            Optional<KeyHistory.KeyInForce> then = keyInForceThatSigned(c);
            then.ifPresent(k -> listener.notice("the stored commit is signed with the key that was in force at its "
                    + "revision; the account has rotated its key since"));
            return then.map(KeyHistory.KeyInForce::key);
        }

        /** Counts the records that get a file; the others become failures. */
        private long countRecords(RepoReader repo, List<Failure> failures) {
            long[] n = {0};
            repo.forEachRecord(r -> {
                if (RepoPath.isValid(r.key())) {
                    n[0]++;
                } else {
                    failures.add(new Failure("record", r.key(), "not a valid <collection>/<record key> path; "
                            + "the record is in " + ExportDir.REPO + " but has no file"));
                }
            });
            return n[0];
        }

        // ------------------------------------------------------------------ blobs

        /**
         * Makes every blob the PDS lists or a record references present in {@code _blob/} or the blob
         * staging folder, downloading the missing ones, and stages {@code _blobs.jsonl}. Returns the
         * number of blobs present.
         */
        private long stageBlobs(RepoReader repo, List<Failure> failures) throws IOException {
            BlobRefs refs = BlobRefs.scan(repo);
            for (String p : refs.problems()) {
                failures.add(new Failure("record", "", p));
            }
            Set<Cid> listed = new TreeSet<>();
            sync.forEachBlob(account.pds(), account.did(), Optional.empty(), listed::add);
            TreeMap<String, Cid> targets = new TreeMap<>();
            for (Cid c : listed) {
                targets.put(c.toString(), c);
            }
            for (Cid c : refs.refs().keySet()) {
                targets.put(c.toString(), c);
            }

            // Blobs already in _blob/ stay; the rest are fetched into the staging folder, where good
            // copies left by an interrupted run are kept rather than downloaded again.
            List<Cid> need = new ArrayList<>();
            for (Cid c : targets.values()) {
                if (!Files.exists(dir.blob(c.toString()))) {
                    need.add(c);
                }
            }
            long present = targets.size() - need.size();
            listener.blobs(present, targets.size(), 0);
            Map<Cid, Failure> blobFailures = new TreeMap<>();
            if (!need.isEmpty()) {
                AtomicLong bytes = new AtomicLong();
                BlobDownloader.Result result = new BlobDownloader(sync, options.blobThreads()).download(account.pds(),
                        account.did(), need, dir.blobStaging(), (cid, outcome, size, done, total) -> {
                            bytes.addAndGet(outcome == BlobDownloader.Outcome.DOWNLOADED ? size : 0);
                            listener.blobs(present + done, targets.size(), bytes.get());
                        });
                for (BlobDownloader.Failure f : result.failures()) {
                    blobFailures.put(f.cid(), new Failure("blob", f.cid().toString(),
                            f.reason() + referencedBy(refs.refs().get(f.cid()))));
                }
            }

            List<String> lines = new ArrayList<>();
            long count = 0;
            for (Cid c : targets.values()) {
                String s = c.toString();
                Path file = Files.exists(dir.blob(s)) ? dir.blob(s) : dir.blobStaging().resolve(s);
                BlobRefs.Ref ref = refs.refs().get(c);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("cid", s);
                boolean has = Files.exists(file);
                long declared = ref == null ? -1 : ref.declaredSize();
                line.put("size", has ? (Object) Files.size(file) : declared >= 0 ? (Object) declared : null);
                line.put("mimeType", ref == null ? null : ref.mimeType());
                line.put("records", ref == null ? List.of() : new ArrayList<Object>(ref.records()));
                if (!has) {
                    Failure f = blobFailures.getOrDefault(c, new Failure("blob", s, "not downloaded"));
                    failures.add(f);
                    line.put("missing", true);
                    line.put("error", f.message());
                } else {
                    count++;
                }
                lines.add(Json.line(line));
            }
            stage(ExportDir.BLOBS, joinLines(lines));
            return count;
        }

        private String referencedBy(BlobRefs.Ref ref) {
            return ref == null || ref.records().isEmpty() ? " (listed by the PDS, referenced by no record)"
                    : " (referenced by " + ref.records().get(0)
                            + (ref.records().size() > 1 ? " and " + (ref.records().size() - 1) + " more" : "") + ")";
        }

        // ------------------------------------------------------------------ staging and install

        private void prepareStaging() throws IOException {
            FileOps.deleteTree(dir.staging());
            Files.createDirectories(dir.staging());
        }

        private void stage(String name, byte[] content) throws IOException {
            FileOps.writeAtomic(dir.staged(name), content, dir.tmp(), true);
        }

        /** Stages the identity documents if they differ from the stored ones. */
        private void stageIdentity() throws IOException {
            stageIfChanged(ExportDir.DID_DOC, account.didJson());
            if (account.plcAuditLog().isPresent()) {
                stageIfChanged(ExportDir.PLC_AUDIT, account.plcAuditLog().get());
            }
        }

        private void stageIfChanged(String name, byte[] content) throws IOException {
            if (!FileOps.hasContent(dir.file(name), content)) {
                stage(name, content);
            }
        }

        private void stageHistory(ExportManifest m, long added, long updated, long deleted) throws IOException {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", started.toString());
            line.put("rev", m.rev());
            line.put("commit", m.commit());
            line.put("sync", m.sync().wireName());
            line.put("added", added);
            line.put("updated", updated);
            line.put("deleted", deleted);
            Path history = dir.file(ExportDir.HISTORY);
            byte[] old = Files.exists(history) ? Files.readAllBytes(history) : new byte[0];
            byte[] add = (Json.line(line) + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[old.length + add.length];
            System.arraycopy(old, 0, all, 0, old.length);
            System.arraycopy(add, 0, all, old.length, add.length);
            stage(ExportDir.HISTORY, all);
        }

        private void commit(Installer installer, Journal journal) throws IOException {
            FileOps.writeAtomic(dir.journal(), journal.toJson(), dir.tmp(), true);
            installer.install(journal);
        }
    }

    private static byte[] joinLines(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
