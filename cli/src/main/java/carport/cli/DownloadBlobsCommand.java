package carport.cli;

import carport.core.cid.Cid;
import carport.export.ExportDir;
import carport.export.blobs.BlobDownloader;
import carport.export.store.ExportLock;
import carport.export.unpack.DidDirNames;
import carport.export.unpack.RecordFileNames;
import carport.net.identity.ResolvedIdentity;
import carport.net.xrpc.SyncClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carport download-blobs}: every blob of an account into DIR/<did>/_blob/<cid>, each checked. */
@Command(name = "download-blobs", mixinStandardHelpOptions = true,
        description = {
            "Downloads every blob of an account, each checked against its CID.",
            "",
            "Blobs go into DIR/<did>/_blob/<cid>. Each blob is checked against",
            "its CID (SHA-256) and written atomically; a file already there is skipped if it checks out.",
            "One failing blob does not stop the rest: failures are listed at the end (exit 4)."})
final class DownloadBlobsCommand extends AccountCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "the output folder (default: .)")
    Path dir = Path.of(".");

    @Option(names = "--concurrency", paramLabel = "N", description = "blobs in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency = 4;

    @Option(names = {"-q", "--quiet"}, description = "no progress on stderr")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = err();
        if (concurrency < 1 || concurrency > 64) {
            throw new UsageException("--concurrency takes a number from 1 to 64");
        }
        ResolvedIdentity id = Idents.account(net.resolver(err), ident);
        SyncClient sync = net.sync(err);
        List<Cid> cids = sync.listBlobs(id.requirePds(), id.did(), Optional.empty());
        // The same <did> folder as export's (escaped where the file system folds case or forbids ':').
        Files.createDirectories(dir);
        Path didDir = DidDirNames.like(RecordFileNames.forDirectory(dir)).resolve(dir, id.did());
        // In an export's folder, hold its lock: an export deletes blobs it does not list.
        try (ExportLock lock = ExportDir.isExport(didDir) ? new ExportDir(didDir).lock() : null) {
            return download(sync, id, cids, didDir.resolve(ExportDir.BLOB_DIR), err);
        }
    }

    private int download(SyncClient sync, ResolvedIdentity id, List<Cid> cids, Path blobDir, PrintWriter err)
            throws IOException {
        if (!quiet) {
            err.println("carport: " + cids.size() + " blobs of " + id.did() + " into " + blobDir);
            err.flush();
        }
        Progress progress = new Progress(err, quiet);
        BlobDownloader.Result r = new BlobDownloader(sync, concurrency).download(id.requirePds(), id.did(), cids,
                blobDir, (cid, outcome, bytes, done, total) -> progress.update("  " + done + "/" + total + " blobs"));
        progress.done();
        for (BlobDownloader.Failure f : r.failures()) {
            err.println("carport: blob " + f.cid() + " failed: " + f.reason());
        }
        if (!quiet || !r.complete()) {
            err.println("carport: " + r.downloaded() + " downloaded (" + Progress.bytes(r.bytesDownloaded()) + "), "
                    + r.skipped() + " already present, " + r.failures().size() + " failed");
        }
        err.flush();
        return r.complete() ? ExitCode.OK : ExitCode.PARTIAL;
    }
}
