package carport.core.repo;

import carport.core.InvalidDataException;
import carport.core.car.CarFile;
import carport.core.cbor.CborReader;
import carport.core.cid.Cid;
import carport.core.mst.MstNode;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** One walk over a repository that gathers what the inspector and the verifier report. */
final class RepoScan implements MstVisitor {
    private static final int BATCH = 512;
    private static final int MAX_PENDING = 8;

    private final CarFile car;
    private final boolean checkRecords;
    private final int maxProblems;
    private final int threads;
    /**
     * Record problems, in key order; reported after the walk so the report does not depend on threads. Capped like
     * {@link #problems}: a hostile CAR with millions of bad records must not fill the heap with messages.
     */
    private final List<String> recordProblems = new ArrayList<>();
    private long recordProblemsDropped;
    private ExecutorService checker;
    private final ArrayDeque<Future<List<String>>> pending = new ArrayDeque<>();
    private Batch batch;
    private boolean lookUpTogether;
    private RecordChecker inline;

    final BitSet reachable;
    final List<String> problems = new ArrayList<>();
    long problemCount;
    long leaves;
    long recordsPresent;
    long recordBytes;
    long nodes;
    long missingNodes;
    long missingRecords;
    final TreeMap<String, Long> collections = new TreeMap<>();
    private byte[] collection;
    private long collectionCount;

    RepoScan(CarFile car, boolean checkRecords, int maxProblems, int threads) {
        this.car = car;
        this.checkRecords = checkRecords;
        this.maxProblems = maxProblems;
        this.threads = threads;
        this.reachable = new BitSet(car.sectionCount());
    }

    /**
     * Leaves in key order, looked up together (see {@link CarFile#indexOfAll}), then checked on another thread
     * when there is one.
     */
    private static final class Batch {
        final byte[][] keys = new byte[BATCH][];
        final Cid[] cids = new Cid[BATCH];
        /** Each leaf's section, -1 if its block is not in the CAR. */
        final int[] sections = new int[BATCH];
        int n;
    }

    void problem0(String message) {
        problemCount++;
        if (problems.size() < maxProblems) {
            problems.add(RepoException.oneLine(message));
        }
    }

    void run(Commit commit, MstWalker.Options options) {
        mark(commit.cid());
        // A CAR in tree order (commit, then the MST root, ...) keeps each block next to the one looked up before
        // it, which find's guess exploits one lookup at a time; any other order (a PDS's getRepo) is better served
        // by looking up a batch's records together.
        int c = car.indexOf(commit.cid());
        lookUpTogether = c < 0 || car.indexOf(commit.data()) != c + 1;
        if (checkRecords && threads > 1) {
            // decoding records is the other big cost after hashing: overlap it with the walk
            checker = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "carport-records");
                t.setDaemon(true);
                return t;
            });
        }
        try {
            MstWalker.walk(car, commit.data(), this, options);
            if (batch != null && batch.n > 0) {
                submit();
            }
            while (!pending.isEmpty()) {
                drainOne();
            }
        } finally {
            if (checker != null) {
                checker.shutdownNow();
            }
        }
        flushCollection();
        for (String p : recordProblems) {
            problem0(p);
        }
        problemCount += recordProblemsDropped;
    }

    private void recordProblem(String p) {
        if (recordProblems.size() < maxProblems) {
            recordProblems.add(p);
        } else {
            recordProblemsDropped++;
        }
    }

    private void submit() {
        Batch b = batch;
        batch = null;
        if (lookUpTogether) {
            car.indexOfAll(b.cids, b.n, b.sections);
        }
        for (int j = 0; j < b.n; j++) {
            int i = b.sections[j];
            if (i < 0) {
                missingRecords++;
            } else {
                reachable.set(i);
                recordsPresent++;
                recordBytes += car.blockLength(i);
            }
        }
        if (checker == null) {
            if (checkRecords && inline == null) {
                inline = new RecordChecker();
            }
            check(b, inline).forEach(this::recordProblem);
            return;
        }
        pending.add(checker.submit(() -> check(b, new RecordChecker())));
        if (pending.size() > MAX_PENDING) {
            drainOne();
        }
    }

    /** The problems of a looked-up batch, in key order; with a checker, the record blocks' too. Any thread. */
    private List<String> check(Batch b, RecordChecker rc) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < b.n; j++) {
            byte[] key = b.keys[j];
            Cid value = b.cids[j];
            String p;
            if (b.sections[j] < 0) {
                p = !value.isAtproto()
                        ? "record " + show(key) + " links to " + value + ", which is not an atproto CID"
                                + " (sha2-256, dag-cbor); its block cannot be found or checked"
                        : "record " + show(key) + " (" + value + ") is missing from the CAR";
            } else {
                p = rc == null ? null : rc.check(key, value, b.sections[j]);
            }
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private void drainOne() {
        Tasks.join(pending.remove(), "checking records").forEach(this::recordProblem);
    }

    private void mark(Cid cid) {
        int i = car.indexOf(cid);
        if (i >= 0) {
            reachable.set(i);
        }
    }

    @Override
    public void node(Cid cid, MstNode node, int layer) {
        nodes++;
        mark(cid);
    }

    @Override
    public void missingNode(Cid cid) {
        missingNodes++;
        problem0("MST node " + cid + " is missing from the CAR (its subtree was not checked)");
    }

    @Override
    public void problem(String message) {
        problem0(message);
    }

    @Override
    public void leaf(byte[] key, Cid value) {
        leaves++;
        countCollection(key);
        if (batch == null) {
            batch = new Batch();
        }
        batch.keys[batch.n] = key;
        batch.cids[batch.n] = value;
        if (!lookUpTogether) {
            batch.sections[batch.n] = car.indexOf(value);
        }
        batch.n++;
        if (batch.n == BATCH) {
            submit();
        }
    }

    /** Checks record blocks one after another through one buffer; one per thread. */
    private final class RecordChecker {
        private byte[] buf = new byte[4096];

        /** A problem with the record block, or null. */
        String check(byte[] key, Cid value, int i) {
            if (value.codec() != Cid.DAG_CBOR) {
                return "record " + show(key) + " (" + value + ") is not dag-cbor (codec 0x"
                        + Integer.toHexString(value.codec()) + ")";
            }
            if (buf.length < car.blockLength(i)) {
                buf = new byte[Math.max(car.blockLength(i), 2 * buf.length)];
            }
            int len;
            try {
                len = car.readBlock(i, buf);
            } catch (InvalidDataException e) {
                return "record " + show(key) + ": " + e.getMessage();
            }
            try {
                CborReader r = new CborReader(buf, 0, len, true);
                if (r.peekKind() != CborReader.KIND_MAP) {
                    return "record " + show(key) + " (" + value + ") is not a map";
                }
                r.skip();
                r.expectEnd();
                return null;
            } catch (InvalidDataException e) {
                return "record " + show(key) + " (" + value + ") is not valid DAG-CBOR: " + e.getMessage();
            }
        }
    }

    // Keys arrive sorted, so each collection is one run: count runs instead of hashing every key.
    private void countCollection(byte[] key) {
        int slash = RepoKeys.collectionEnd(key);
        if (collection != null && collection.length == slash && Arrays.equals(key, 0, slash, collection, 0, slash)) {
            collectionCount++;
            return;
        }
        flushCollection();
        collection = Arrays.copyOf(key, slash);
        collectionCount = 1;
    }

    /**
     * Distinct collection names counted one by one; the records of any further collections are
     * counted together under {@link #OTHER_COLLECTIONS}, so a CAR with a different (say, invalid)
     * prefix on every key cannot grow the map without bound. Real accounts use a few dozen.
     */
    static final int MAX_COLLECTIONS = 10_000;
    /** The key that counts the records of collections past {@link #MAX_COLLECTIONS} (not a valid NSID). */
    static final String OTHER_COLLECTIONS = "(other collections)";

    private void flushCollection() {
        if (collection != null) {
            String name = new String(collection, StandardCharsets.UTF_8);
            if (collections.size() >= MAX_COLLECTIONS && !collections.containsKey(name)) {
                name = OTHER_COLLECTIONS;
            }
            collections.merge(name, collectionCount, Long::sum);
            collection = null;
        }
    }

    long unreachable() {
        long n = 0;
        for (int i = 0; i < car.sectionCount(); i++) {
            if (!reachable.get(i) && car.isFirstOccurrence(i)) {
                n++;
            }
        }
        return n;
    }

    RepoSummary summary(Commit c) {
        return new RepoSummary(c.did(), c.version(), c.rev(), c.cid(), c.data(), c.prev(), leaves, recordsPresent,
                recordBytes, collections, nodes, missingNodes, missingRecords, car.blockCount(), car.sectionCount(),
                car.duplicateSectionCount(), unreachable(), car.size());
    }

    static String show(byte[] key) {
        String s = new String(key, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
}
