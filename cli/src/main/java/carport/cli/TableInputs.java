package carport.cli;

import carport.core.InvalidDataException;
import carport.core.crypto.VerifyingKey;
import carport.core.identity.DidDocument;
import carport.core.syntax.Did;
import carport.core.syntax.Nsid;
import carport.records.ReadOptions;
import carport.records.RecordsInput;
import carport.records.RepoRow;
import carport.records.Signature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The inputs and checks {@code carport records} and {@code carport sql} share (a picocli mixin). */
final class TableInputs {
    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "repository CAR files, export folders (DIR/<did>/ with _export.json), or folders holding"
                    + " them (searched recursively, skipping names that start with . or _)")
    List<Path> inputs;

    @ArgGroup(exclusive = true)
    KeySource keySource;

    static final class KeySource {
        @Option(names = "--resolve", required = true,
                description = "check each CAR's signature with the key of its DID's current document (network)")
        boolean resolve;

        @Option(names = "--no-signature", required = true,
                description = "check everything except signatures (rows are not marked verified)")
        boolean noSignature;

        @Option(names = "--key", paramLabel = "DIDKEY", required = true,
                description = "the signing key (did:key:z...) of the account all the CARs belong to")
        String key;

        @Option(names = "--did-doc", paramLabel = "FILE", required = true,
                description = "the DID document of the account all the CARs belong to")
        Path didDoc;
    }

    @Mixin
    NetOptions net;

    @Option(names = "--collection", paramLabel = "NSID",
            description = "only this collection (repeatable): walks only its key range of the MST, still checking "
                    + "the signature and every block on the way")
    List<String> collections = new ArrayList<>();

    @Option(names = "--full-verify", description = "with --collection: verify the whole repository as well")
    boolean fullVerify;

    @Option(names = "--strict", description = "stop at the first bad input (no output file is written)")
    boolean strict;

    /** The inputs named on the command line, folders searched, in order. Throws a usage error for a missing one. */
    List<RecordsInput> expand(List<Path> paths) throws IOException {
        List<RecordsInput> out = new ArrayList<>();
        for (Path p : paths) {
            try {
                List<RecordsInput> found = RecordsInput.expand(p);
                if (found.isEmpty()) {
                    throw new UsageException(p + ": no CAR files or export folders in it");
                }
                out.addAll(found);
            } catch (NoSuchFileException e) {
                throw new UsageException("no such file or folder: " + p);
            }
        }
        return out;
    }

    /** What to read and check; a usage error if a bare CAR has no way to check its signature. */
    ReadOptions options(List<RecordsInput> found, PrintWriter err) throws IOException {
        for (String c : collections) {
            if (!Nsid.isValid(c)) {
                throw new UsageException("--collection " + Text.safe(c) + " is not a valid NSID");
            }
        }
        if (fullVerify && collections.isEmpty()) {
            throw new UsageException("--full-verify goes with --collection (without it everything is verified)");
        }
        long cars = found.stream().filter(i -> !(i instanceof RecordsInput.ExportFolder)).count();
        Signature sig;
        if (keySource == null) {
            if (cars > 0) {
                throw new UsageException(cars + (cars == 1 ? " input is a CAR file" : " inputs are CAR files")
                        + ", whose signature needs a key: give --resolve, --key, --did-doc or --no-signature");
            }
            sig = Signature.exportOnly();
        } else if (keySource.noSignature) {
            sig = Signature.none();
        } else if (keySource.key != null) {
            VerifyingKey k;
            try {
                k = VerifyingKey.fromDidKey(keySource.key);
            } catch (InvalidDataException e) {
                throw new UsageException("--key: " + e.getMessage());
            }
            sig = Signature.key(k, null);
        } else if (keySource.didDoc != null) {
            DidDocument doc = VerifyCommand.readDidDocument(keySource.didDoc);
            VerifyingKey k = doc.atprotoKey().orElseThrow(() -> new UsageException(
                    "--did-doc " + keySource.didDoc + " (" + doc.id() + ") has no #atproto key"));
            sig = Signature.key(k, doc.id().toString());
        } else {
            var resolver = net.resolver(err);
            sig = Signature.resolver(did -> resolver.resolveDid(Did.parse(did), false).requireSigningKey());
        }
        return ReadOptions.defaults().withSignature(sig).withCollections(collections).withFullVerify(fullVerify);
    }

    /** Counts good and bad inputs, reports the bad ones, and gives the exit code. */
    static final class Tally {
        long good;
        long bad;
        long rows;

        /** Records one input's outcome (the bad on stderr); false if the run should stop (--strict). */
        boolean add(RepoRow r, PrintWriter err, boolean strict) {
            if (r.ok()) {
                good++;
                rows += r.records();
                return true;
            }
            bad++;
            err.println("carport: " + r.path() + ": " + Text.safe(r.problem()));
            err.flush();
            return !strict;
        }

        int exitCode() {
            return bad == 0 ? ExitCode.OK : good == 0 ? ExitCode.INVALID : ExitCode.PARTIAL;
        }
    }

    /**
     * Before DuckDB takes its share of memory (Parquet output, and sql's loading): the CARs read so far stay mapped
     * (Java 17 cannot unmap them) and the heap that built the rows stays committed until a collection, so one now
     * lowers the command's peak RSS (1M records, Parquet: 0.83-1.0 GB with it, 1.2-1.5 GB without). A few
     * milliseconds on a heap holding little.
     */
    static void releaseReadMemory() {
        System.gc();
    }

    /** A temporary file beside {@code target}, named so that no reader takes it for the real one. */
    static Path tempBeside(Path target, String suffix) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + suffix);
    }

    static void checkWritable(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("-o " + target + ": no such folder " + dir);
        }
        if (Files.isDirectory(target)) {
            throw new UsageException("-o " + target + " is a folder");
        }
    }
}
