package carport.examples;

import carport.core.car.CarWriter;
import carport.core.cid.Cid;
import carport.core.mst.Mst;
import carport.core.repo.RecordData;
import carport.core.repo.RepoRecord;
import carport.core.repo.Repository;
import carport.core.syntax.Nsid;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a Merkle search tree over the records of one collection and writes it, with the records, as a
 * CAR whose root is the tree.
 */
public final class WriteCar {
    private WriteCar() {}

    /** {@code WriteCar IN.car COLLECTION OUT.car}. */
    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), args[1], Path.of(args[2]));
    }

    static Cid write(Path in, String collection, Path out) throws IOException {
        // begin README write
        TreeMap<String, Cid> entries = new TreeMap<>();
        Map<Cid, byte[]> blocks = new LinkedHashMap<>();
        try (Repository repo = Repository.open(in)) {
            for (RepoRecord r : repo.records(Nsid.parse(collection))) {
                RecordData data = repo.get(r.path()).orElseThrow();
                entries.put(r.key(), data.cid());
                blocks.put(data.cid(), data.cbor());
            }
        }
        Mst tree = Mst.build(entries.entrySet());        // or Mst.empty().put(key, cid)...
        Map<Cid, byte[]> car = new LinkedHashMap<>(tree.newBlocks());
        car.putAll(blocks);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out))) {
            CarWriter.write(os, tree.root(), car);
        }
        System.out.println(entries.size() + " records, tree " + tree.root() + ", written to " + out);
        return tree.root();
        // end README write
    }
}
