package carport.export.move;

import carport.core.InvalidDataException;
import carport.core.cid.Cid;
import carport.core.repo.Commit;
import carport.core.repo.RepoReader;
import carport.core.syntax.Did;
import carport.export.ExportDir;
import carport.export.store.FileOps;
import carport.net.RemoteException;
import carport.net.http.RateLimitedException;
import carport.net.pds.MissingBlob;
import carport.net.pds.PdsClient;
import carport.net.pds.PdsSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Steps {@code migrate} and {@code restore} share. */
final class MoveSteps {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MoveSteps() {}

    /** The export's repository: its DID must be the account's (importRepo checks neither DID nor signature). */
    static Commit checkedRepo(Path dir, Did did) throws IOException {
        try (RepoReader r = RepoReader.open(dir.resolve(ExportDir.REPO))) {
            Commit c = r.commit();
            if (!c.did().equals(did)) {
                throw new InvalidDataException(dir.resolve(ExportDir.REPO) + " is the repository of " + c.did()
                        + ", not " + did + "; refusing to import it");
            }
            return c;
        }
    }

    /**
     * Uploads every blob the new PDS lists as missing, several at a time: from the export's
     * {@code _blob/} (verified when exported), else fetched from the old PDS if there is one (a
     * restore has none: a blob missing from the export is then an error). Returns how many a rate
     * limit held back.
     */
    static long uploadMissingBlobs(PdsSession neu, Optional<PdsClient> oldPds, Path dir, Did did, int threads,
            MoveListener listener) throws IOException {
        List<Cid> missing = new ArrayList<>();
        neu.listMissingBlobs((MissingBlob b) -> missing.add(b.cid()));
        if (missing.isEmpty()) {
            return 0;
        }
        listener.say("blobs: " + missing.size() + " to upload");
        Map<String, String> types = mimeTypes(dir);
        Path scratch = dir.resolve(".move-blobs");
        Files.createDirectories(scratch);
        AtomicLong done = new AtomicLong();
        AtomicLong held = new AtomicLong();
        AtomicBoolean limited = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "carport-move-blob");
            t.setDaemon(true);
            return t;
        });
        RateLimitedException[] limit = new RateLimitedException[1];
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Cid cid : missing) {
                fs.add(pool.submit(() -> {
                    if (limited.get()) {
                        held.incrementAndGet();
                        return null;
                    }
                    Path local = dir.resolve(ExportDir.BLOB_DIR).resolve(cid.toString());
                    Path tmp = null;
                    if (!Files.isRegularFile(local)) {
                        if (oldPds.isEmpty()) {
                            throw new InvalidDataException("the new PDS needs blob " + cid + ", which is not in "
                                    + dir.resolve(ExportDir.BLOB_DIR) + " (export again, or check the folder)");
                        }
                        tmp = scratch.resolve(cid.toString());
                        oldPds.get().getBlob(did, cid, tmp, (a, b) -> { });
                        local = tmp;
                    }
                    try {
                        Cid got = neu.uploadBlob(local, types.getOrDefault(cid.toString(), "application/octet-stream"));
                        if (!got.equals(cid)) {
                            throw new RemoteException(neu.uri() + " stored blob " + cid + " as " + got);
                        }
                        listener.blobUploads(done.incrementAndGet(), missing.size());
                    } catch (RateLimitedException e) {
                        limited.set(true);
                        limit[0] = e;
                        held.incrementAndGet();
                    } finally {
                        if (tmp != null) {
                            Files.deleteIfExists(tmp);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof IOException ioe) {
                        throw ioe;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            pool.shutdownNow();
            FileOps.deleteTree(scratch);
        }
        if (limited.get()) {
            listener.say("blobs: " + held.get() + " held back: " + limit[0].getMessage());
        } else {
            listener.say("blobs: " + done.get() + " uploaded");
        }
        return held.get();
    }

    private static Map<String, String> mimeTypes(Path dir) throws IOException {
        Map<String, String> m = new HashMap<>();
        Path f = dir.resolve(ExportDir.BLOBS);
        if (!Files.exists(f)) {
            return m;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            try {
                JsonNode n = JSON.readTree(line);
                if (n != null && n.path("cid").isTextual() && n.path("mimeType").isTextual()) {
                    m.put(n.get("cid").asText(), n.get("mimeType").asText());
                }
            } catch (IOException e) {
                // check reports a bad line; the PDS sniffs the type anyway
            }
        }
        return m;
    }
}
