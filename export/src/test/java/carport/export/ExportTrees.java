package carport.export;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.cid.Cid;
import carport.core.mst.MstNode;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.repo.RepoReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * "Identical to a fresh export", as the issue defines it: the same record files with equal JSON, the
 * same blob files, the same {@code _did.json}, and a {@code _repo.car} with the same commit and the
 * same set of blocks reachable from it; no work folder or temporary file anywhere.
 */
final class ExportTrees {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Files that legitimately differ between runs (times, sync kind, block order). */
    private static final Set<String> RUN_SPECIFIC = Set.of(ExportDir.MANIFEST, ExportDir.HISTORY, ExportDir.REPO);

    private ExportTrees() {}

    static void assertSameExport(Path actual, Path fresh) throws IOException {
        assertThat(Files.exists(actual.resolve(ExportDir.WORK))).as("work folder left in " + actual).isFalse();
        assertThat(Files.exists(fresh.resolve(ExportDir.WORK))).as("work folder left in " + fresh).isFalse();
        Set<String> a = files(actual);
        Set<String> b = files(fresh);
        assertThat(a).as("files of " + actual + " vs a fresh export").isEqualTo(b);
        for (String rel : a) {
            if (RUN_SPECIFIC.contains(rel)) {
                continue;
            }
            byte[] x = Files.readAllBytes(actual.resolve(rel));
            byte[] y = Files.readAllBytes(fresh.resolve(rel));
            if (rel.endsWith(".json")) {
                assertThat(JSON.readTree(x)).as(rel).isEqualTo(JSON.readTree(y));
            } else {
                assertThat(x).as(rel).isEqualTo(y);
            }
        }
        assertThat(reachableBlocks(actual.resolve(ExportDir.REPO))).isEqualTo(reachableBlocks(fresh.resolve(ExportDir.REPO)));
        ExportManifest ma = ExportManifest.parse(Files.readAllBytes(actual.resolve(ExportDir.MANIFEST)));
        ExportManifest mb = ExportManifest.parse(Files.readAllBytes(fresh.resolve(ExportDir.MANIFEST)));
        assertThat(ma.did()).isEqualTo(mb.did());
        assertThat(ma.rev()).isEqualTo(mb.rev());
        assertThat(ma.commit()).isEqualTo(mb.commit());
        assertThat(ma.records()).isEqualTo(mb.records());
        assertThat(ma.blobs()).isEqualTo(mb.blobs());
        assertThat(ma.verified()).isEqualTo(mb.verified());
    }

    /** Relative paths of all files, with '/' separators, the {@code _deleted/} folder left out. */
    static Set<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith(ExportDir.DELETED + "/"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The commit and every MST node and record block reachable from it, as CID strings. */
    static Set<String> reachableBlocks(Path car) throws IOException {
        Set<String> out = new TreeSet<>();
        try (RepoReader r = RepoReader.open(car)) {
            out.add(r.commit().cid().toString());
            MstWalker.walk(r.car(), r.commit().data(), new MstVisitor() {
                @Override
                public void leaf(byte[] key, Cid value) {
                    assertThat(r.car().contains(value)).as("record block " + value).isTrue();
                    out.add(value.toString());
                }

                @Override
                public void node(Cid cid, MstNode node, int layer) {
                    out.add(cid.toString());
                }
            }, MstWalker.Options.STRUCTURE);
        }
        return out;
    }
}
