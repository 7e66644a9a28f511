package carport.export.repo;

import carport.core.InvalidDataException;
import carport.core.car.BlockSource;
import carport.core.car.CarFile;
import carport.core.car.CarWriter;
import carport.core.cid.Cid;
import carport.core.cid.CidSet;
import carport.core.mst.MstNode;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.repo.Commit;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Builds the complete CAR of a repository's new state from the CAR of an older state plus the
 * blocks changed since (a {@code getRepo?since=} answer): the new commit, then every MST node and
 * record reachable from it, each taken from whichever of the two files has it, each written once.
 * Memory holds one path of the tree and a compact set of the CIDs written.
 */
public final class RepoMerger {
    private RepoMerger() {}

    /** The two files do not add up to the new state (blocks missing, no commit, a broken node). */
    public static final class MergeException extends Exception {
        private static final long serialVersionUID = 1L;

        public MergeException(String message) {
            super(message);
        }
    }

    /** What was written. */
    public record Result(Cid commit, long blocks, long bytes) {}

    /**
     * Writes the merged CAR to {@code out} (created or truncated; the caller renames it into place).
     *
     * @throws MergeException if the new state cannot be built from the two files
     */
    public static Result merge(CarFile old, CarFile diff, Path out) throws IOException, MergeException {
        if (diff.roots().isEmpty()) {
            throw new MergeException("the changes have no root commit");
        }
        Cid root = diff.roots().get(0);
        BlockSource both = cid -> {
            byte[] b = diff.get(cid);
            return b != null ? b : old.get(cid);
        };
        byte[] commitBlock;
        Commit commit;
        try {
            commitBlock = both.get(root);
            if (commitBlock == null) {
                throw new MergeException("the new commit " + root + " is in neither file");
            }
            commit = Commit.decode(root, commitBlock);
        } catch (InvalidDataException e) {
            throw new MergeException(e.getMessage());
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
            CarWriter w = new CarWriter(os, root);
            CidSet written = new CidSet();
            w.write(root, commitBlock);
            written.add(root);
            Copier copier = new Copier(old, diff, w, written);
            try {
                MstWalker.walk(both, commit.data(), copier, MstWalker.Options.LENIENT);
            } catch (InvalidDataException e) {
                throw new MergeException(e.getMessage());
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (copier.missing != null) {
                throw new MergeException(copier.missing);
            }
            os.flush();
            ch.force(true);
            return new Result(root, written.size(), w.bytesWritten());
        }
    }

    private static final class Copier implements MstVisitor {
        final CarFile old;
        final CarFile diff;
        final CarWriter w;
        final CidSet written;
        String missing;

        Copier(CarFile old, CarFile diff, CarWriter w, CidSet written) {
            this.old = old;
            this.diff = diff;
            this.w = w;
            this.written = written;
        }

        @Override
        public void node(Cid cid, MstNode node, int layer) {
            copy(cid, "MST node");
        }

        @Override
        public void leaf(byte[] key, Cid value) {
            copy(value, "record " + new String(key, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void missingNode(Cid cid) {
            note("MST node " + cid + " is in neither file");
        }

        private void note(String what) {
            if (missing == null) {
                missing = what;
            }
        }

        private void copy(Cid cid, String what) {
            if (!cid.isAtproto() || written.contains(cid)) {
                if (!cid.isAtproto()) {
                    note(what + " has a non-atproto CID " + cid);
                }
                return;
            }
            try {
                CarFile from = diff.contains(cid) ? diff : old.contains(cid) ? old : null;
                if (from == null) {
                    note(what + " (" + cid + ") is in neither file");
                    return;
                }
                w.write(cid, from.blockBuffer(from.indexOf(cid)));
                written.add(cid);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
