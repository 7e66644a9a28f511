package carport.core.repo;

import carport.core.InvalidDataException;
import carport.core.car.CarFile;
import carport.core.car.CarWriter;
import carport.core.cid.Cid;
import carport.core.cid.CidSet;
import carport.core.crypto.VerifyingKey;
import carport.core.identity.DidDocument;
import carport.core.mst.MstNode;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.mst.TreeDiff;
import carport.core.syntax.Did;
import carport.core.syntax.Nsid;
import carport.core.syntax.RepoPath;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An atproto repository read from a CAR file: the front door of carport's library.
 *
 * <pre>{@code
 * try (Repository repo = Repository.open(Path.of("alice.car"))) {
 *     System.out.println(repo.did() + " at rev " + repo.rev());
 *     repo.forEachRecord(Nsid.parse("app.bsky.feed.post"), r -> System.out.println(r.key() + " " + r.cid()));
 *     Optional<RecordData> profile = repo.get(RepoPath.parse("app.bsky.actor.profile/self"));
 *     VerifyReport report = repo.verify(signingKey);
 * }
 * }</pre>
 *
 * <p>Blocks are read from the CAR as they are needed and each is checked against its CID, so whatever a
 * method hands out is what the commit commits to. Whether the commit itself is genuine is the signature's
 * business: {@link #verify(VerifyingKey)} or {@link #verify(DidDocument)} check it together with everything
 * else. Reading is lenient about the tree's shape (keys still come strictly in order); a missing or corrupt
 * MST node throws {@link InvalidDataException} (its subclasses {@link RepoException} and
 * {@link carport.core.mst.MstException}). Not for use by several threads at once; open one per thread.
 */
public final class Repository implements AutoCloseable {
    private final RepoReader reader;

    private Repository(RepoReader reader) {
        this.reader = reader;
    }

    /** Opens a repository CAR file (memory-mapped; any size). */
    public static Repository open(Path car) throws IOException {
        return new Repository(RepoReader.open(car));
    }

    /**
     * Reads a repository CAR from a stream, which is read to its end and held in memory; for large
     * repositories save the stream to a file and {@link #open} that.
     */
    public static Repository read(InputStream car) throws IOException {
        return of(car.readAllBytes());
    }

    /** A repository from the bytes of a CAR (not copied: do not change them). */
    public static Repository of(byte[] car) {
        return new Repository(RepoReader.of(CarFile.fromBytes(car)));
    }

    /** The signed commit (the CAR's first root). */
    public Commit commit() {
        return reader.commit();
    }

    /** The account the repository belongs to. */
    public Did did() {
        return reader.commit().did();
    }

    /** The revision (a TID), or null for a version 2 repository. */
    public String rev() {
        return reader.commit().rev();
    }

    /** The lower-level reader, for what this class does not offer (blocks by index, a custom MST walk). */
    public RepoReader reader() {
        return reader;
    }

    /** Every record (key and CID), in key order. */
    public void forEachRecord(Consumer<RepoRecord> action) {
        reader.forEachRecord(action);
    }

    /**
     * The records of one collection in key order, reading only the part of the tree that holds them
     * (the nodes on the way there are checked too): listing a few hundred likes of an account with a million
     * posts reads a few dozen nodes, not the whole tree.
     */
    public void forEachRecord(Nsid collection, Consumer<RepoRecord> action) {
        reader.forEachRecord(collection, action);
    }

    /** The records of one collection, in key order (see {@link #forEachRecord(Nsid, Consumer)}). */
    public List<RepoRecord> records(Nsid collection) {
        List<RepoRecord> out = new ArrayList<>();
        reader.forEachRecord(collection, out::add);
        return out;
    }

    /**
     * The records with keys in {@code [from, to)}, in key order, reading only that part of the tree; either
     * bound may be null. For one collection's keys from one record key on, for instance:
     * {@code forEachRecordBetween(RepoPath.parse("app.bsky.feed.post/3l"), null, ...)}.
     */
    public void forEachRecordBetween(RepoPath from, RepoPath to, Consumer<RepoRecord> action) {
        reader.forEachRecordBetween(from == null ? null : from.toString(), to == null ? null : to.toString(), action);
    }

    /**
     * One record by its path: descends from the root to its key without walking the tree. Empty if the
     * tree has no such key.
     *
     * @throws RepoException if the tree names the record but its block is not in the CAR (a partial CAR)
     */
    public Optional<RecordData> get(RepoPath path) {
        Optional<RepoRecord> r = reader.find(path.toString());
        if (r.isEmpty()) {
            return Optional.empty();
        }
        Cid cid = r.get().cid();
        byte[] block = reader.recordBlock(cid);
        if (block == null) {
            throw new RepoException("record " + path + " (" + cid + ") is not in the CAR");
        }
        return Optional.of(new RecordData(path, cid, block));
    }

    /**
     * Checks everything except the signature: every block against its CID, the commit, the MST rules and
     * every record. {@link VerifyReport#ok()} is then no proof of origin; pass a key for that.
     */
    public VerifyReport verify() {
        return RepoVerifier.verify(reader, RepoVerifier.Options.defaults());
    }

    /** Checks everything, the commit's signature with {@code key} included. */
    public VerifyReport verify(VerifyingKey key) {
        return RepoVerifier.verify(reader, RepoVerifier.Options.defaults().withKey(key));
    }

    /**
     * Checks everything with the {@code #atproto} key of the account's DID document, and that the commit is
     * for the DID the document describes.
     *
     * @throws InvalidDataException if the document has no usable {@code #atproto} key
     */
    public VerifyReport verify(DidDocument document) {
        VerifyingKey key = document.atprotoKey().orElseThrow(
                () -> new InvalidDataException("the DID document of " + document.id() + " has no #atproto key"));
        return RepoVerifier.verify(reader, RepoVerifier.Options.defaults().withKey(key).withExpectedDid(document.id()));
    }

    /** Checks with full control over the options (threads, problem cap, expected DID). */
    public VerifyReport verify(RepoVerifier.Options options) {
        return RepoVerifier.verify(reader, options);
    }

    /**
     * The record changes from this repository to {@code newer} (usually a later revision of the same
     * account): keys added, updated (another CID) and deleted, in key order. Subtrees both share are
     * skipped unread, so the work grows with the change, not with the repository.
     */
    public RepoDiff diff(Repository newer) {
        List<RepoDiff.Change> changes = new ArrayList<>();
        TreeDiff.diff(reader.car(), commit().data(), newer.reader.car(), newer.commit().data(), new TreeDiff.Visitor() {
            @Override
            public void added(String key, Cid cid) {
                changes.add(new RepoDiff.Change(key, null, cid));
            }

            @Override
            public void updated(String key, Cid oldCid, Cid newCid) {
                changes.add(new RepoDiff.Change(key, oldCid, newCid));
            }

            @Override
            public void deleted(String key, Cid oldCid) {
                changes.add(new RepoDiff.Change(key, oldCid, null));
            }
        });
        return new RepoDiff(changes);
    }

    /**
     * Writes the repository as a CAR: the commit, then each MST node followed by the records and subtrees
     * below it in key order, every block once. Blocks the commit does not reach are left out; records
     * missing from this CAR are missing from the copy too. Returns the bytes written.
     */
    public long writeCar(OutputStream out) throws IOException {
        CarFile car = reader.car();
        CarWriter w = new CarWriter(out, commit().cid());
        CidSet written = new CidSet();
        try {
            copy(car, commit().cid(), w, written);
            MstWalker.walk(car, commit().data(), new MstVisitor() {
                @Override
                public void node(Cid cid, MstNode node, int layer) {
                    copy(car, cid, w, written);
                }

                @Override
                public void leaf(byte[] key, Cid value) {
                    copy(car, value, w, written);
                }
            }, MstWalker.Options.LENIENT);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return w.bytesWritten();
    }

    /** Writes the repository as a CAR file (see {@link #writeCar(OutputStream)}). */
    public long writeCar(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            return writeCar(out);
        }
    }

    private static void copy(CarFile car, Cid cid, CarWriter w, CidSet written) {
        int i = car.indexOf(cid);
        if (i < 0 || !written.add(cid)) {
            return;
        }
        try {
            w.write(cid, car.block(i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    @Override
    public String toString() {
        return "Repository[" + did() + ", rev " + rev() + ", " + reader.path() + "]";
    }
}
