package carport.export;

import carport.core.cid.Cid;
import carport.core.repo.Commit;
import carport.core.repo.RepoReader;
import carport.export.repo.BlobRefs;
import carport.export.store.FileOps;
import carport.export.store.Journal;
import carport.export.unpack.RecordFileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an export folder from a CAR and identity files without any network, through the same
 * staging, journal and install steps a real export uses. Blobs are not available offline: every
 * referenced blob is recorded as missing.
 */
final class OfflineExport {
    private OfflineExport() {}

    static Path build(Path out, byte[] car, byte[] didJson, byte[] plcLog) throws IOException {
        Path tmpCar = Files.createTempFile("offline", ".car");
        try {
            Files.write(tmpCar, car);
            try (RepoReader r = RepoReader.open(tmpCar)) {
                Commit c = r.commit();
                ExportDir dir = new ExportDir(out.resolve(c.did().toString()));
                Files.createDirectories(dir.staging());
                stage(dir, ExportDir.REPO, car);
                stage(dir, ExportDir.DID_DOC, didJson);
                if (plcLog != null) {
                    stage(dir, ExportDir.PLC_AUDIT, plcLog);
                }
                stage(dir, ExportDir.COMMIT, RecordJson.render(r.car().get(c.cid())));
                List<Failure> failures = new ArrayList<>();
                StringBuilder blobs = new StringBuilder();
                for (Map.Entry<Cid, BlobRefs.Ref> e : BlobRefs.scan(r).refs().entrySet()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("cid", e.getKey().toString());
                    line.put("size", e.getValue().declaredSize());
                    line.put("mimeType", e.getValue().mimeType());
                    line.put("records", new ArrayList<Object>(e.getValue().records()));
                    line.put("missing", true);
                    line.put("error", "offline");
                    blobs.append(Json.line(line)).append('\n');
                    failures.add(new Failure("blob", e.getKey().toString(), "offline"));
                }
                stage(dir, ExportDir.BLOBS, blobs.toString().getBytes(StandardCharsets.UTF_8));
                long[] records = {0};
                r.forEachRecord(x -> records[0]++);
                ExportManifest m = new ExportManifest(c.did().toString(), null, "https://pds.example.com", c.rev(),
                        c.cid().toString(), records[0], 0, failures.isEmpty(), Sync.FULL, Instant.now(), Instant.now(),
                        "test", failures, RecordFileNames.PLAIN);
                stage(dir, ExportDir.MANIFEST, m.toJson());
                Journal j = new Journal(null, c.cid().toString(), false, RecordFileNames.PLAIN, Journal.Phase.RECORDS);
                FileOps.writeAtomic(dir.journal(), j.toJson(), dir.tmp(), false);
                new Installer(dir, ExportListener.NONE).install(j);
                Files.deleteIfExists(dir.work());
                return dir.root();
            }
        } finally {
            Files.deleteIfExists(tmpCar);
        }
    }

    private static void stage(ExportDir dir, String name, byte[] content) throws IOException {
        FileOps.writeAtomic(dir.staged(name), content, dir.tmp(), false);
    }
}
