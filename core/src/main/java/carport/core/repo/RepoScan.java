package carport.core.repo;

import carport.core.InvalidDataException;
import carport.core.car.CarFile;
import carport.core.cbor.CborReader;
import carport.core.cid.Cid;
import carport.core.mst.MstNode;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;

/** One walk over a repository that gathers what the inspector and the verifier report. */
final class RepoScan implements MstVisitor {
    private final CarFile car;
    private final boolean checkRecords;
    private final int maxProblems;

    final BitSet reachable = new BitSet();
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

    RepoScan(CarFile car, boolean checkRecords, int maxProblems) {
        this.car = car;
        this.checkRecords = checkRecords;
        this.maxProblems = maxProblems;
    }

    void problem0(String message) {
        problemCount++;
        if (problems.size() < maxProblems) {
            problems.add(RepoException.oneLine(message));
        }
    }

    void run(Commit commit, MstWalker.Options options) {
        mark(commit.cid());
        MstWalker.walk(car, commit.data(), this, options);
        flushCollection();
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
        int i = car.indexOf(value);
        if (i < 0) {
            missingRecords++;
            if (!value.isAtproto()) {
                problem0("record " + show(key) + " links to " + value + ", which is not an atproto CID"
                        + " (sha2-256, dag-cbor); its block cannot be found or checked");
            } else {
                problem0("record " + show(key) + " (" + value + ") is missing from the CAR");
            }
            return;
        }
        reachable.set(i);
        recordsPresent++;
        recordBytes += car.blockLength(i);
        if (checkRecords) {
            checkRecord(key, value, i);
        }
    }

    private void checkRecord(byte[] key, Cid value, int i) {
        if (value.codec() != Cid.DAG_CBOR) {
            problem0("record " + show(key) + " (" + value + ") is not dag-cbor (codec 0x"
                    + Integer.toHexString(value.codec()) + ")");
            return;
        }
        byte[] b;
        try {
            b = car.block(i);
        } catch (InvalidDataException e) {
            problem0("record " + show(key) + ": " + e.getMessage());
            return;
        }
        try {
            CborReader r = new CborReader(b, 0, b.length, true);
            if (r.peekKind() != CborReader.KIND_MAP) {
                problem0("record " + show(key) + " (" + value + ") is not a map");
                return;
            }
            r.skip();
            r.expectEnd();
        } catch (InvalidDataException e) {
            problem0("record " + show(key) + " (" + value + ") is not valid DAG-CBOR: " + e.getMessage());
        }
    }

    // Keys arrive sorted, so each collection is one run: count runs instead of hashing every key.
    private void countCollection(byte[] key) {
        int slash = 0;
        while (slash < key.length && key[slash] != '/') {
            slash++;
        }
        if (collection != null && collection.length == slash && Arrays.equals(key, 0, slash, collection, 0, slash)) {
            collectionCount++;
            return;
        }
        flushCollection();
        collection = Arrays.copyOf(key, slash);
        collectionCount = 1;
    }

    private void flushCollection() {
        if (collection != null) {
            collections.merge(new String(collection, StandardCharsets.UTF_8), collectionCount, Long::sum);
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
