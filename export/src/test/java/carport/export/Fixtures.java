package carport.export;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.repo.RepoReader;
import carport.core.car.CarWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds broken repositories from good ones. */
final class Fixtures {
    private Fixtures() {}

    /** Rewrites a repository CAR in place without the block of its first record under {@code prefix}. */
    static void dropOneRecordBlock(Path car, String prefix) throws IOException {
        Path tmp = car.resolveSibling("dropped.car");
        try (RepoReader r = RepoReader.open(car)) {
            Cid[] victim = {null};
            r.forEachRecord(rec -> {
                if (victim[0] == null && rec.key().startsWith(prefix)) {
                    victim[0] = rec.cid();
                }
            });
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                CarWriter w = new CarWriter(os, r.commit().cid());
                for (int i = 0; i < r.car().sectionCount(); i++) {
                    if (!r.car().cidAt(i).equals(victim[0])) {
                        w.write(r.car().cidAt(i), r.car().block(i));
                    }
                }
            }
        }
        Files.move(tmp, car, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Copies a repository, replacing its commit with the same commit whose signature has one bit
     * flipped (so the CID changes and every block still matches its CID).
     */
    @SuppressWarnings("unchecked")
    static void rewriteWithBadSignature(RepoReader r, Path out) throws IOException {
        Map<String, Object> commit = new LinkedHashMap<>(
                (Map<String, Object>) DagCbor.decode(r.car().get(r.commit().cid())));
        byte[] sig = ((byte[]) commit.get("sig")).clone();
        sig[10] ^= 1;
        commit.put("sig", sig);
        byte[] block = DagCbor.encode(commit);
        Cid root = Cid.of(Cid.DAG_CBOR, block);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out))) {
            CarWriter w = new CarWriter(os, root);
            w.write(root, block);
            for (int i = 0; i < r.car().sectionCount(); i++) {
                Cid c = r.car().cidAt(i);
                if (!c.equals(r.commit().cid())) {
                    w.write(c, r.car().block(i));
                }
            }
        }
    }
}
