package carport.export;

import static carport.net.testserver.TestHttpServer.json;
import static carport.net.testserver.TestHttpServer.send;

import carport.core.cid.Cid;
import carport.core.identity.DidDocument;
import carport.core.repo.RepoReader;
import carport.core.syntax.AtIdentifier;
import carport.core.syntax.Did;
import carport.export.identity.ResolvedAccount;
import carport.net.http.HttpConfig;
import carport.net.testserver.TestHttpServer;
import carport.net.xrpc.SyncClient;
import carport.export.unpack.RecordFileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PDS on 127.0.0.1 serving one synthetic account's repository and blobs (the sync endpoints an
 * export uses), for export tests that need a server to misbehave in a particular way.
 */
final class LocalPds implements AutoCloseable {
    final TestHttpServer server;
    final SyntheticAccount account;
    final List<String> notices = new ArrayList<>();
    private volatile byte[] car;
    private volatile Cid head;
    private volatile String rev;
    final Map<Cid, byte[]> blobs = new ConcurrentHashMap<>();

    LocalPds(SyntheticAccount account, byte[] car) throws IOException {
        this.account = account;
        serve(car);
        server = TestHttpServer.http()
                .route("/xrpc/com.atproto.sync.getLatestCommit",
                        ex -> json(ex, 200, "{\"cid\":\"" + head + "\",\"rev\":\"" + rev + "\"}"))
                .route("/xrpc/com.atproto.sync.getRepo", ex -> send(ex, 200, "application/vnd.ipld.car", this.car))
                .route("/xrpc/com.atproto.sync.listBlobs", ex -> {
                    StringBuilder sb = new StringBuilder("{\"cids\":[");
                    String sep = "";
                    for (Cid c : blobs.keySet()) {
                        sb.append(sep).append('"').append(c).append('"');
                        sep = ",";
                    }
                    // one page: a cursor only when there is something to page past
                    json(ex, 200, sb.append("]}").toString());
                })
                .route("/xrpc/com.atproto.sync.getBlob", ex -> {
                    byte[] b = blobs.get(Cid.parse(TestHttpServer.param(ex, "cid")));
                    if (b == null) {
                        json(ex, 400, "{\"error\":\"BlobNotFound\"}");
                    } else {
                        send(ex, 200, "application/octet-stream", b);
                    }
                });
    }

    /** Serves {@code car} as the repository from now on. */
    void serve(byte[] car) throws IOException {
        Path tmp = Files.createTempFile("local-pds", ".car");
        try {
            Files.write(tmp, car);
            try (RepoReader r = RepoReader.open(tmp)) {
                head = r.commit().cid();
                rev = r.commit().rev();
            }
        } finally {
            Files.delete(tmp);
        }
        this.car = car;
    }

    Cid addBlob(byte[] bytes) {
        Cid c = Cid.of(Cid.RAW, bytes);
        blobs.put(c, bytes);
        return c;
    }

    /** Exports the account from this server, with {@code currentKey} in its DID document. */
    ExportResult export(TestKey currentKey, ExportOptions options) {
        return export(currentKey, options, RecordFileNames.Detector.PROBE);
    }

    /** The same, with the output folder's naming mode given instead of probed. */
    ExportResult export(TestKey currentKey, ExportOptions options, RecordFileNames.Detector naming) {
        byte[] doc = account.didDocument(currentKey);
        ResolvedAccount resolved = new ResolvedAccount(Did.parse(account.did), Optional.empty(), server.uri(),
                DidDocument.parse(doc), doc, Optional.of(account.auditLogJson()));
        SyncClient sync = new SyncClient(HttpConfig.builder().maxAttempts(1).build());
        return new AccountExporter(sync, id -> resolved, options, naming).export(AtIdentifier.parse(account.did),
                new ExportListener() {
                    @Override
                    public void notice(String message) {
                        notices.add(message);
                    }
                });
    }

    @Override
    public void close() {
        server.close();
    }
}
