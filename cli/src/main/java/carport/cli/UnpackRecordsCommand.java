package carport.cli;

import carport.core.repo.RepoReader;
import carport.export.unpack.Unpacker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carport unpack-records}: one JSON file per record (the work is done by {@link Unpacker}). */
@Command(name = "unpack-records", mixinStandardHelpOptions = true,
        description = {
            "Writes each record of a repository CAR as a JSON file.",
            "",
            "Files: DIR/<did>/<collection>/<rkey>.json (pretty-printed atproto JSON) and DIR/<did>/_commit.json "
                    + "(the commit); names are escaped where a file system needs it (docs/file-layout.md).",
            "",
            "The folder is built as DIR/.carport-unpack-* and renamed to DIR/<did> when complete, so an "
                    + "interrupted run never leaves a partial DIR/<did>; the next run in DIR removes such "
                    + "leftovers. An existing DIR/<did> is replaced only with --force.",
            "",
            "Invalid records or MST nodes (corrupt block, not strict DAG-CBOR, bad key) give exit 1; record "
                    + "blocks or MST nodes missing from a partial CAR give exit 4. Either way every other record "
                    + "is written and each problem is reported on stderr."})
final class UnpackRecordsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.car", description = "the repository CAR file")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "where to write (default: .)")
    Path dir = Path.of(".");

    @Option(names = "--force", description = "replace DIR/<did> if it exists")
    boolean force;

    @Option(names = "--writer-threads", paramLabel = "N", hidden = true,
            description = "threads creating files (0: the reading thread writes)")
    int writerThreads = Unpacker.Options.defaults().writerThreads();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("-o " + dir + ": not a directory");
        }
        if (writerThreads < 0 || writerThreads > 16) {
            throw new UsageException("--writer-threads must be between 0 and 16");
        }
        Unpacker.Result r;
        try (RepoReader reader = CarInput.open(file)) {
            r = Unpacker.unpack(reader, dir, Unpacker.Options.defaults().withForce(force)
                    .withWriterThreads(writerThreads));
        } catch (Unpacker.TargetExistsException e) {
            throw new UsageException(e.target() + " already exists; use --force to replace it");
        } catch (Unpacker.TargetIsExportException e) {
            throw new UsageException(e.target() + " is an export, which --force would delete with its blobs and "
                    + "history; unpack into another folder (-o), or update the export with carport export");
        }
        for (String s : r.removedStale()) {
            err.println("carport: removed " + dir.resolve(s) + ", left by an interrupted run");
        }
        for (String p : r.problems()) {
            err.println("carport: " + p);
        }
        if (r.problemCount() > r.problems().size()) {
            err.println("carport: ... and " + (r.problemCount() - r.problems().size()) + " more problems");
        }
        out.append(r.replaced() ? "replaced " : "wrote ").append(r.target().toString()).append(": ")
                .append(Long.toString(r.written())).append(r.written() == 1 ? " record" : " records");
        if (r.written() != r.records() || r.missingNodes() > 0) {
            out.append(" of ").append(Long.toString(r.records())).append(" listed");
            if (r.missingNodes() > 0) {
                out.append(", ").append(Long.toString(r.missingNodes())).append(" MST nodes missing");
            }
        }
        out.append('\n').flush();
        if (r.invalid() > 0) {
            err.println("carport: " + r.invalid() + " invalid records or MST nodes were not written");
            return ExitCode.INVALID;
        }
        if (r.incomplete()) {
            err.println("carport: the CAR is partial: " + r.missingRecords() + " record blocks and "
                    + r.missingNodes() + " MST nodes are missing; everything present was written");
            return ExitCode.PARTIAL;
        }
        return ExitCode.OK;
    }
}
