package carport.export;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.repo.RepoReader;
import carport.export.repo.CarWriter;
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
