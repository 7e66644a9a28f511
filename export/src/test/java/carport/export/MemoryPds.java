package carport.export;

import carport.core.car.CarFile;
import carport.core.car.CarWriter;
import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import carport.core.identity.DidDocument;
import carport.core.io.AtomicFiles;
import carport.core.repo.Commit;
import carport.core.repo.RepoReader;
import carport.core.syntax.AtIdentifier;
import carport.core.syntax.Did;
import carport.export.identity.ResolvedAccount;
import carport.export.unpack.RecordFileNames;
import carport.net.RemoteException;
import carport.net.http.ConnectionException;
import carport.net.http.ProgressListener;
import carport.net.xrpc.BlobNotFoundException;
import carport.net.xrpc.LatestCommit;
import carport.net.xrpc.RepoDeactivatedException;
import carport.net.xrpc.RepoNotFoundException;
import carport.net.xrpc.RepoStatus;
import carport.net.xrpc.RepoSuspendedException;
import carport.net.xrpc.RepoTakendownException;
import carport.net.xrpc.SyncApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A PDS in memory, hosting one synthetic account: it answers the sync calls an export makes
 * ({@link SyncApi}) with real repository CARs (trees built by core's {@code Mst}, commits signed by the
 * test's keys, bytes from {@code CarWriter}) and real blobs, without a network. It keeps what a PDS keeps:
 * every block with the revision that first stored it, so {@code getRepo} with {@code since} sends the
 * blocks newer than that revision, as the reference PDS does. On request it fails the way a server does
 * (a connection dropped mid-download, a rate limit, an account taken down) or lies (serves any CAR).
 * Downloads keep the {@link SyncApi} promise: written to a temporary file, renamed into place when complete.
 *
 * <p>HTTP itself (status codes, retries, hostile bytes on the wire) is tested in {@code net}
 * ({@code SyncClientHostileServerTest}); the export against the real PDS in {@code ExportTestbedTest}.
 */
final class MemoryPds implements SyncApi {
    /** Where the account's DID document says it is hosted. */
    static final URI ENDPOINT = URI.create("https://pds.example.com");

    /** A sync call, for {@link #failNext}. */
    enum Call { LATEST_COMMIT, GET_REPO, LIST_BLOBS, GET_BLOB }

    final SyntheticAccount account;
    /** The export's notices, in order. */
    final List<String> notices = Collections.synchronizedList(new ArrayList<>());
    /** The calls answered or failed, e.g. {@code "getRepo since=3l..."}, in order. */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<Cid, byte[]> blobs = Collections.synchronizedMap(new LinkedHashMap<>());

    /** The records of the next commit, by repo path (see {@link #put} and {@link #commit}). */
    private final TreeMap<String, byte[]> records = new TreeMap<>();
    /** Every block ever served, with the revision that served it first. */
    private final Map<Cid, String> firstRev = new HashMap<>();
    private final Map<Call, RemoteException> faults = new EnumMap<>(Call.class);
    private volatile byte[] car;
    private volatile Commit head;
    private volatile String status;
    /** Bytes sent by the last completed getRepo. */
    volatile long lastRepoBytes;

    MemoryPds(SyntheticAccount account) {
        this.account = account;
    }

    MemoryPds(SyntheticAccount account, byte[] car) {
        this(account);
        serve(car);
    }

    // ------------------------------------------------------------------ what the server holds

    /** Sets a post for the next {@link #commit}. */
    MemoryPds put(String path, String text) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("$type", "app.bsky.feed.post");
        rec.put("text", text);
        rec.put("createdAt", "2024-01-01T00:00:00.000Z");
        return put(path, rec);
    }

    /** Sets a record (a map DAG-CBOR can encode: strings, longs, lists, maps, CIDs) for the next commit. */
    MemoryPds put(String path, Map<String, Object> record) {
        records.put(path, DagCbor.encode(record));
        return this;
    }

    MemoryPds delete(String path) {
        if (records.remove(path) == null) {
            throw new IllegalArgumentException("no record " + path);
        }
        return this;
    }

    /** Commits the records as they are now, signed by {@code key}, with {@code at} as its revision. */
    byte[] commit(TestKey key, Instant at) throws IOException {
        byte[] c = account.repo(key, at, records);
        serve(c);
        return c;
    }

    /** Serves {@code car} as the account's repository from now on, whatever it holds. */
    synchronized void serve(byte[] car) {
        CarFile f = CarFile.fromBytes(car);
        Commit c = RepoReader.of(f).commit();
        for (int i = 0; i < f.sectionCount(); i++) {
            firstRev.putIfAbsent(f.cidAt(i), c.rev());
        }
        this.car = car;
        this.head = c;
    }

    Cid addBlob(byte[] bytes) {
        Cid c = Cid.of(Cid.RAW, bytes);
        blobs.put(c, bytes);
        return c;
    }

    /** The account's hosting status: null (active), "takendown", "suspended" or "deactivated". */
    void status(String s) {
        status = s;
    }

    /** The next {@code call} fails with {@code e} (once); a getRepo fails halfway through the body. */
    synchronized void failNext(Call call, RemoteException e) {
        faults.put(call, e);
    }

    // ------------------------------------------------------------------ exporting from it

    /** Exports the account from this server, with {@code currentKey} in its DID document. */
    ExportResult export(TestKey currentKey, ExportOptions options) {
        return export(currentKey, options, RecordFileNames.Detector.PROBE);
    }

    /** The same, with the output folder's naming mode given instead of probed. */
    ExportResult export(TestKey currentKey, ExportOptions options, RecordFileNames.Detector naming) {
        byte[] doc = account.didDocument(currentKey);
        ResolvedAccount resolved = new ResolvedAccount(Did.parse(account.did), Optional.empty(), ENDPOINT,
                DidDocument.parse(doc), doc, Optional.of(account.auditLogJson()));
        return new AccountExporter(this, id -> resolved, options, naming).export(AtIdentifier.parse(account.did),
                new ExportListener() {
                    @Override
                    public void notice(String message) {
                        notices.add(message);
                    }
                });
    }

    // ------------------------------------------------------------------ the sync calls

    @Override
    public LatestCommit getLatestCommit(URI pds, Did did) {
        answer(Call.LATEST_COMMIT, pds, did, "getLatestCommit");
        Commit c = head;
        return new LatestCommit(c.cid(), c.rev());
    }

    @Override
    public long getRepo(URI pds, Did did, Optional<String> since, Path target, ProgressListener progress) {
        byte[] body;
        RemoteException fault;
        synchronized (this) {
            fault = faults.remove(Call.GET_REPO);
            answer(null, pds, did, "getRepo" + since.map(s -> " since=" + s).orElse(""));
            body = since.isPresent() ? changesSince(since.get()) : car;
        }
        long n = write(target, body, progress, fault);
        lastRepoBytes = n;
        return n;
    }

    /** The commit and the blocks first stored after revision {@code since}. */
    private byte[] changesSince(String since) {
        Map<Cid, byte[]> out = new LinkedHashMap<>();
        CarFile f = CarFile.fromBytes(car);
        for (int i = 0; i < f.sectionCount(); i++) {
            Cid cid = f.cidAt(i);
            if (cid.equals(head.cid()) || firstRev.get(cid).compareTo(since) > 0) {
                out.put(cid, f.block(i));
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CarWriter.write(bytes, head.cid(), out);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long getBlob(URI pds, Did did, Cid cid, Path target, ProgressListener progress) {
        byte[] b;
        RemoteException fault;
        synchronized (this) {
            fault = faults.remove(Call.GET_BLOB);
            answer(null, pds, did, "getBlob " + cid);
            b = blobs.get(cid);
        }
        if (b == null && fault == null) {
            throw new BlobNotFoundException("blob " + cid + " of " + did + ": BlobNotFound", 400, "BlobNotFound");
        }
        return write(target, b, progress, fault);
    }

    @Override
    public void forEachBlob(URI pds, Did did, Optional<String> since, Consumer<Cid> sink) {
        answer(Call.LIST_BLOBS, pds, did, "listBlobs");
        List<Cid> all;
        synchronized (blobs) {
            all = new ArrayList<>(blobs.keySet());
        }
        all.forEach(sink);
    }

    @Override
    public RepoStatus getRepoStatus(URI pds, Did did) {
        checkHost(pds, did);
        String s = status;
        return new RepoStatus(did, s == null, Optional.ofNullable(s), Optional.of(head.rev()));
    }

    /** Logs the call, then fails it as asked or as the account's state requires. */
    private synchronized void answer(Call call, URI pds, Did did, String what) {
        RemoteException fault = call == null ? null : faults.remove(call);
        calls.add(what);
        if (fault != null) {
            throw fault;
        }
        checkHost(pds, did);
        String s = status;
        if (s != null) {
            String msg = "the account " + did + " is " + s + " on pds.example.com";
            throw switch (s) {
                case "takendown" -> new RepoTakendownException(msg, 400, "RepoTakendown");
                case "suspended" -> new RepoSuspendedException(msg, 400, "RepoSuspended");
                case "deactivated" -> new RepoDeactivatedException(msg, 400, "RepoDeactivated");
                default -> throw new IllegalStateException("status " + s);
            };
        }
    }

    private void checkHost(URI pds, Did did) {
        if (!pds.equals(ENDPOINT)) {
            throw new ConnectionException("cannot connect to " + pds.getHost() + " (this test's PDS is "
                    + ENDPOINT.getHost() + ")");
        }
        if (!did.toString().equals(account.did)) {
            throw new RepoNotFoundException("pds.example.com has no repository for " + did, 400, "RepoNotFound");
        }
    }

    /**
     * Writes {@code body} as the transport does: to a hidden temporary file beside {@code target}, renamed
     * into place when complete. With a {@code fault}, half the body arrives, then the fault is thrown and the
     * temporary file removed: the target is untouched.
     */
    private static long write(Path target, byte[] body, ProgressListener progress, RemoteException fault) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            AtomicFiles.TempFile temp = AtomicFiles.createTemp(dir, "." + target.getFileName(), ".part");
            tmp = temp.path();
            int length = fault == null ? body.length : body == null ? 0 : body.length / 2;
            try (FileChannel out = temp.channel()) {
                progress.progress(0, body == null ? -1 : body.length);
                if (length > 0) {
                    out.write(ByteBuffer.wrap(body, 0, length));
                }
                progress.progress(length, body == null ? -1 : body.length);
            }
            if (fault != null) {
                throw fault;
            }
            AtomicFiles.move(tmp, target);
            return length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // renamed, or never written
                }
            }
        }
    }
}
