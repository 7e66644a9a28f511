package carport.core.repo;

import carport.core.car.CarFile;
import carport.core.cid.Cid;
import carport.core.mst.MstKeys;
import carport.core.mst.MstNode;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.syntax.Nsid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A repository CAR opened for reading: the commit named by the first root, and the records reached
 * through its MST. Blocks are read on demand from the mapped file and checked against their CIDs.
 * Reading is lenient about tree shape (use {@link RepoVerifier} for the full checks) but keys are
 * always handed out in strictly increasing order.
 */
public final class RepoReader implements AutoCloseable {
    private final CarFile car;
    private final Commit commit;

    private RepoReader(CarFile car, Commit commit) {
        this.car = car;
        this.commit = commit;
    }

    /**
     * Opens a repository CAR. Throws {@link carport.core.car.CarFormatException} for a bad CAR and
     * {@link RepoException} if the first root is not a readable commit.
     */
    public static RepoReader open(Path path) throws IOException {
        CarFile car = CarFile.open(path);
        try {
            return of(car);
        } catch (RuntimeException e) {
            car.close();
            throw e;
        }
    }

    /** Reads the commit of an already opened CAR; the reader then owns {@code car}. */
    public static RepoReader of(CarFile car) {
        if (car.roots().isEmpty()) {
            throw new RepoException("not a repository: the CAR has no root");
        }
        Cid root = car.roots().get(0);
        byte[] block = car.get(root);
        if (block == null) {
            throw new RepoException("not a repository: the commit block " + root + " (first root) is not in the CAR");
        }
        return new RepoReader(car, Commit.decode(root, block));
    }

    public CarFile car() {
        return car;
    }

    public Path path() {
        return car.path();
    }

    public Commit commit() {
        return commit;
    }

    /**
     * Calls {@code action} for every record in key order. Throws if an MST node is missing or broken;
     * records whose blocks are absent are still listed (see {@link #recordBlock}).
     */
    public void forEachRecord(Consumer<RepoRecord> action) {
        forEachRecord(action, null);
    }

    /**
     * As {@link #forEachRecord(Consumer)}, but MST nodes missing from the CAR (a partial CAR) are passed to
     * {@code missingNode} and their subtrees skipped, instead of failing.
     */
    public void forEachRecord(Consumer<RepoRecord> action, Consumer<Cid> missingNode) {
        MstWalker.walk(car, commit.data(), new MstVisitor() {
            @Override
            public void leaf(byte[] key, Cid value) {
                action.accept(new RepoRecord(new String(key, StandardCharsets.UTF_8), value));
            }

            @Override
            public void missingNode(Cid cid) {
                if (missingNode == null) {
                    MstVisitor.super.missingNode(cid);
                } else {
                    missingNode.accept(cid);
                }
            }
        }, MstWalker.Options.LENIENT);
    }

    /**
     * Calls {@code action} for the records of one collection, in key order, reading only the MST nodes on
     * the paths to the collection and within it (not the rest of the tree), each checked against its CID.
     * Throws if a node it needs is missing or broken.
     */
    public void forEachRecord(Nsid collection, Consumer<RepoRecord> action) {
        String c = collection.toString();
        // '0' follows '/' in byte order, and a collection's keys are exactly those from "c/" up to "c0"
        forEachRecordBetween(c + "/", c + "0", action);
    }

    /**
     * Calls {@code action} for the records whose keys lie in {@code [fromKey, toKey)} (either null for no
     * bound), in key order, reading only the MST nodes on the paths into the range and within it. Keys
     * compare as bytes (for repo paths, which are ASCII, as strings do).
     */
    public void forEachRecordBetween(String fromKey, String toKey, Consumer<RepoRecord> action) {
        byte[] from = fromKey == null ? null : fromKey.getBytes(StandardCharsets.UTF_8);
        byte[] to = toKey == null ? null : toKey.getBytes(StandardCharsets.UTF_8);
        MstWalker.walk(car, commit.data(), from, to, new MstVisitor() {
            @Override
            public void leaf(byte[] key, Cid value) {
                action.accept(new RepoRecord(new String(key, StandardCharsets.UTF_8), value));
            }
        }, MstWalker.Options.LENIENT);
    }

    /** The record block with this CID, checked against it, or null if the CAR does not have it. */
    public byte[] recordBlock(Cid cid) {
        return car.get(cid);
    }

    /**
     * Looks up one record by key, descending from the root without walking the tree. Empty if the key is
     * not in the tree; throws if a node on the way is missing or broken.
     */
    public Optional<RepoRecord> find(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        Cid at = commit.data();
        for (int depth = 0; at != null; depth++) {
            if (depth > 200) {
                throw new RepoException("MST deeper than 200 levels");
            }
            byte[] block = car.get(at);
            if (block == null) {
                throw new RepoException("MST node " + at + " is missing");
            }
            MstNode n = MstNode.decode(block);
            Cid next = n.left();
            for (int i = 0; i < n.size(); i++) {
                int c = MstKeys.compare(k, n.key(i));
                if (c == 0) {
                    return Optional.of(new RepoRecord(key, n.value(i)));
                }
                if (c < 0) {
                    break;
                }
                next = n.right(i);
            }
            at = next;
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        car.close();
    }
}
