package carport.records;

import carport.core.InvalidDataException;
import carport.core.car.CarFile;
import carport.core.cbor.CborReader;
import carport.core.cid.Cid;
import carport.core.crypto.SignatureCheck;
import carport.core.crypto.VerifyingKey;
import carport.core.mst.MstKeys;
import carport.core.mst.MstNode;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.repo.Commit;
import carport.core.repo.RepoKeys;
import carport.core.repo.RepoReader;
import carport.core.repo.RepoVerifier;
import carport.core.repo.VerifyReport;
import carport.core.syntax.Did;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Turns one input into rows: verifies it first (unless {@link ReadOptions#verify()} is off), then hands each
 * record's row to the sink in key order, and returns the input's {@link RepoRow}. A bad input hands out no
 * rows; its repos row says why. Never throws for bad data; what the sink throws is passed through unchanged.
 *
 * <p>Verification: without a collection filter, exactly {@code carport verify} (every block, the MST, every
 * record, the signature, the commit's DID). With one, only those collections' key ranges are walked, checking
 * the signature, the commit, every block on the paths into and within the ranges and every record in them;
 * {@link ReadOptions#fullVerify()} adds the whole-tree check. Export folders are checked with their own
 * identity files, as {@code carport check} does: the {@code #atproto} key in force at the commit's rev time
 * according to the validated {@code _plc_audit.json} (did:plc), or the key of {@code _did.json}.
 */
public final class RecordsReader {
    private RecordsReader() {}

    /** Reads one input; see the class comment. */
    public static RepoRow read(RecordsInput input, ReadOptions options, Consumer<RecordRow> sink) {
        Run run = new Run(input.name(), options, sink);
        try {
            if (input instanceof RecordsInput.CarFile f) {
                try (RepoReader r = RepoReader.open(f.path())) {
                    run.repo(r, null);
                }
            } else if (input instanceof RecordsInput.CarBytes b) {
                try (RepoReader r = RepoReader.of(CarFile.fromBytes(b.bytes()))) {
                    run.repo(r, null);
                }
            } else {
                run.export(((RecordsInput.ExportFolder) input).dir());
            }
        } catch (SinkFailure e) {
            throw e.getCause();
        } catch (InvalidDataException e) {
            run.problem(e.getMessage());
        } catch (NoSuchFileException e) {
            run.problem("no such file: " + e.getFile());
        } catch (AccessDeniedException e) {
            run.problem("permission denied: " + e.getFile());
        } catch (IOException e) {
            run.problem("cannot read: " + e.getMessage());
        } catch (UncheckedIOException e) {
            run.problem("cannot read: " + e.getCause().getMessage());
        }
        return run.row();
    }

    /** What the sink threw, carried past this class's own handlers. */
    private static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailure(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    private static final class Run {
        final String name;
        final ReadOptions o;
        final Consumer<RecordRow> sink;
        final List<String> problems = new ArrayList<>();
        long problemCount;
        String did;
        String rev;
        String commit;
        long blocks;
        long bytes;
        long records;
        boolean verified;

        Run(String name, ReadOptions o, Consumer<RecordRow> sink) {
            this.name = name;
            this.o = o;
            this.sink = sink;
        }

        void problem(String p) {
            problemCount++;
            if (problems.size() < o.maxProblems()) {
                problems.add(oneLine(p));
            }
        }

        RepoRow row() {
            String first = problems.isEmpty() ? null : problems.get(0);
            if (first != null && problemCount > 1) {
                first += " (and " + (problemCount - 1) + " more problems)";
            }
            return new RepoRow(name, did, rev, commit, records, blocks, bytes, verified && first == null, first,
                    problems);
        }

        void export(java.nio.file.Path dir) throws IOException {
            AccountRow m = AccountRow.read(dir);
            did = m.did();
            java.nio.file.Path car = dir.resolve(ExportFiles.REPO);
            try (RepoReader r = RepoReader.open(car)) {
                Commit c = r.commit();
                if (!c.cid().toString().equals(m.commit())) {
                    problem(ExportFiles.REPO + " holds commit " + c.cid() + " but " + ExportFiles.MANIFEST + " names "
                            + m.commit());
                }
                List<VerifyingKey> keys = List.of();
                if (o.verify() && !(o.signature() instanceof Signature.None)) {
                    keys = ExportKeys.keys(dir, m.did(), c.rev(), this::problem);
                }
                repo(r, new Identity(keys, m.did()));
            }
        }

        /** The keys an export's identity files give, best first, and the DID the commit must name. */
        record Identity(List<VerifyingKey> keys, String did) {}

        void repo(RepoReader r, Identity export) {
            Commit c = r.commit();
            CarFile car = r.car();
            did = c.did().toString();
            rev = c.rev();
            commit = c.cid().toString();
            blocks = car.blockCount();
            bytes = car.size();
            VerifyingKey key = null;
            String expectedDid = null;
            if (o.verify()) {
                if (export != null) {
                    expectedDid = export.did();
                    if (!(o.signature() instanceof Signature.None)) {
                        for (VerifyingKey k : export.keys()) {
                            if (c.checkSignature(k).isValid()) {
                                key = k;
                                break;
                            }
                        }
                        if (key == null && !export.keys().isEmpty()) {
                            key = export.keys().get(0); // the verification says how the signature fails
                        } else if (key == null) {
                            problem("no signing key: the identity files give no #atproto key for " + export.did());
                        }
                    }
                } else if (o.signature() instanceof Signature.ExportOnly) {
                    problem("a bare CAR has no identity files to check its signature with; give a key or resolve the"
                            + " DID (or skip the signature)");
                } else if (o.signature() instanceof Signature.Key k) {
                    key = k.key();
                    expectedDid = k.did();
                } else if (o.signature() instanceof Signature.Resolver res) {
                    try {
                        key = res.resolver().signingKey(did);
                        expectedDid = did;
                    } catch (Exception e) {
                        problem("cannot find the signing key of " + did + ": " + e.getMessage());
                    }
                }
                if (problemCount > 0) {
                    return;
                }
                boolean signatureDone = false;
                if (o.collections().isEmpty() || o.fullVerify()) {
                    VerifyReport report = RepoVerifier.verify(r, RepoVerifier.Options.defaults().withKey(key)
                            .withExpectedDid(expectedDid == null ? null : Did.parse(expectedDid)).withThreads(o.threads()));
                    report.problems().forEach(this::problem);
                    problemCount += report.problemCount() - report.problems().size();
                    signatureDone = true;
                }
                if (!o.collections().isEmpty()) {
                    checkRanges(r, key, expectedDid, signatureDone);
                }
                if (problemCount > 0) {
                    return;
                }
                verified = key != null;
            }
            emit(r);
        }

        /** The collection filter's checks: commit, signature, and everything on the paths into and in the ranges. */
        private void checkRanges(RepoReader r, VerifyingKey key, String expectedDid, boolean signatureDone) {
            Commit c = r.commit();
            CarFile car = r.car();
            if (!signatureDone) {
                if (expectedDid != null && !expectedDid.equals(did)) {
                    problem("commit is for " + did + ", expected " + expectedDid);
                }
                if (key != null) {
                    SignatureCheck s = c.checkSignature(key);
                    if (!s.isValid()) {
                        problem("commit " + c.cid() + ": " + s.describe() + " (key " + key.toDidKey() + ")");
                    }
                }
            }
            byte[][] buf = {new byte[4096]};
            MstVisitor check = new MstVisitor() {
                @Override
                public void leaf(byte[] k, Cid value) {
                    String ks = MstKeys.show(k); // the walk checked that it is a repo path
                    int i = car.indexOf(value);
                    if (i < 0) {
                        problem("record " + ks + " (" + value + ") is missing from the CAR");
                        return;
                    }
                    if (value.codec() != Cid.DAG_CBOR) {
                        problem("record " + ks + " (" + value + ") is not dag-cbor");
                        return;
                    }
                    if (buf[0].length < car.blockLength(i)) {
                        buf[0] = new byte[Math.max(car.blockLength(i), 2 * buf[0].length)];
                    }
                    try {
                        int len = car.readBlock(i, buf[0]);
                        CborReader cr = new CborReader(buf[0], 0, len);
                        if (cr.peekKind() != CborReader.KIND_MAP) {
                            problem("record " + ks + " (" + value + ") is not a map");
                            return;
                        }
                        cr.skip();
                        cr.expectEnd();
                    } catch (InvalidDataException e) {
                        problem("record " + ks + " (" + value + "): " + e.getMessage());
                    }
                }

                @Override
                public void missingNode(Cid cid) {
                    problem("MST node " + cid + " is missing from the CAR");
                }

                @Override
                public void problem(String message) {
                    Run.this.problem(message);
                }
            };
            for (String collection : o.collections()) {
                byte[][] range = collectionRange(collection);
                MstWalker.walk(car, c.data(), range[0], range[1], check,
                        new MstWalker.Options(true, new RepoKeys()::check));
            }
        }

        /** Hands out the rows (after verification; checks again only what reading needs). */
        private void emit(RepoReader r) {
            CarFile car = r.car();
            Emitter em = new Emitter(car);
            MstVisitor v = new MstVisitor() {
                @Override
                public void leaf(byte[] key, Cid value) {
                    em.add(key, value);
                }

                @Override
                public void node(Cid cid, MstNode node, int layer) {}

                @Override
                public void missingNode(Cid cid) {
                    problem("MST node " + cid + " is missing from the CAR (its subtree was not read)");
                }

                @Override
                public void problem(String message) {
                    Run.this.problem(message);
                }
            };
            Cid root = r.commit().data();
            try {
                if (o.collections().isEmpty()) {
                    MstWalker.walk(car, root, v, MstWalker.Options.LENIENT);
                } else {
                    for (String collection : o.collections()) {
                        byte[][] range = collectionRange(collection);
                        MstWalker.walk(car, root, range[0], range[1], v, MstWalker.Options.LENIENT);
                    }
                }
                em.finish();
            } finally {
                em.close();
            }
        }

        /**
         * Builds rows in batches of leaves, on other threads when there are any (decoding and JSON are most of the
         * work), and hands them to the sink in key order on the calling thread.
         */
        private final class Emitter {
            private static final int BATCH = 512;
            private static final int MAX_PENDING = 8;
            private final CarFile car;
            private final ExecutorService pool;
            private final ArrayDeque<Future<Object[]>> pending = new ArrayDeque<>();
            private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
            private byte[][] keys;
            private Cid[] cids;
            private int[] sections;
            private int n;

            Emitter(CarFile car) {
                this.car = car;
                int extra = Math.min(o.threads() - 1, 3);
                pool = extra < 1 ? null : Executors.newFixedThreadPool(extra, t -> {
                    Thread th = new Thread(t, "carport-rows");
                    th.setDaemon(true);
                    return th;
                });
            }

            final class Worker {
                final RowBuilder builder = new RowBuilder(did, rev, o.columns());
                byte[] buf = new byte[4096];
            }

            void add(byte[] key, Cid value) {
                if (keys == null) {
                    keys = new byte[BATCH][];
                    cids = new Cid[BATCH];
                    sections = new int[BATCH];
                    n = 0;
                }
                keys[n] = key;
                cids[n] = value;
                sections[n] = car.indexOf(value); // lookups stay on this thread
                if (++n == BATCH) {
                    submit();
                }
            }

            private void submit() {
                byte[][] k = keys;
                Cid[] c = cids;
                int[] sec = sections;
                int count = n;
                keys = null;
                if (pool == null) {
                    deliver(build(k, c, sec, count));
                    return;
                }
                pending.add(pool.submit(() -> build(k, c, sec, count)));
                if (pending.size() > MAX_PENDING) {
                    deliver(take(pending.remove()));
                }
            }

            /** Rows, or problem strings where a record cannot be read. Any thread. */
            private Object[] build(byte[][] k, Cid[] c, int[] sec, int count) {
                Worker w = workers.get();
                Object[] out = new Object[count];
                for (int j = 0; j < count; j++) {
                    int i = sec[j];
                    if (i < 0) {
                        out[j] = "record " + MstKeys.show(k[j]) + " (" + c[j] + ") is missing from the CAR";
                        continue;
                    }
                    if (w.buf.length < car.blockLength(i)) {
                        w.buf = new byte[Math.max(car.blockLength(i), 2 * w.buf.length)];
                    }
                    try {
                        int len = car.readBlock(i, w.buf);
                        out[j] = w.builder.build(k[j], c[j], w.buf, len);
                    } catch (InvalidDataException e) {
                        out[j] = "record " + MstKeys.show(k[j]) + " (" + c[j] + "): " + e.getMessage();
                    }
                }
                return out;
            }

            private Object[] take(Future<Object[]> f) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading records", e);
                } catch (ExecutionException e) {
                    Throwable t = e.getCause();
                    if (t instanceof RuntimeException re) {
                        throw re;
                    }
                    if (t instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(t);
                }
            }

            private void deliver(Object[] items) {
                for (Object x : items) {
                    if (x instanceof String p) {
                        problem(p);
                        continue;
                    }
                    try {
                        sink.accept((RecordRow) x);
                    } catch (RuntimeException e) {
                        throw new SinkFailure(e);
                    }
                    records++;
                }
            }

            void finish() {
                if (keys != null && n > 0) {
                    submit();
                }
                while (!pending.isEmpty()) {
                    deliver(take(pending.remove()));
                }
            }

            void close() {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        }
    }

    /** The key range of one collection: {@code <nsid>/} up to (not including) {@code <nsid>0}. */
    static byte[][] collectionRange(String nsid) {
        byte[] lo = (nsid + "/").getBytes(StandardCharsets.US_ASCII);
        byte[] hi = lo.clone();
        hi[hi.length - 1] = '/' + 1;
        return new byte[][] {lo, hi};
    }

    static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 500 ? t.substring(0, 497) + "..." : t;
    }
}
