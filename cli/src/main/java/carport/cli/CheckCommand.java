package carport.cli;

import carport.export.CheckReport;
import carport.export.ExportChecker;
import carport.export.Failure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carport check}: verifies exports offline, with nothing but their own files. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Verifies an export offline: repository, records, blobs, identity, manifests.",
            "",
            "Verify exports without the network: _repo.car in full (blocks, MST,",
            "signature with the key from _did.json, or for did:plc the key in force at",
            "the commit according to the validated _plc_audit.json), every record file",
            "against its record, every blob against its CID, and the manifests.",
            "Exit 0 if intact and complete, 1 if anything fails, 4 if the files are",
            "intact but the export recorded failures (a blob the PDS did not have)."
        })
final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "account export folders (DIR/<did>)")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--json", description = "print each report as one JSON line")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "print problems only")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int worst = ExitCode.OK;
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new UsageException("not a folder: " + d);
            }
            CheckReport r = ExportChecker.check(d);
            int code = r.intact() ? (r.ok() ? ExitCode.OK : ExitCode.PARTIAL) : ExitCode.INVALID;
            if (worst == ExitCode.OK || code == ExitCode.INVALID) {
                worst = code == ExitCode.OK ? worst : code;
            }
            if (json) {
                out.println(r.toJsonLine());
            } else {
                print(r, out);
            }
            out.flush();
        }
        return worst;
    }

    private void print(CheckReport r, PrintWriter out) {
        String who = r.did() != null ? r.did() : r.dir().toString();
        if (r.ok()) {
            if (!quiet) {
                out.println(who + ": OK, commit " + r.commit() + " (rev " + r.rev() + "), " + r.records() + " records, "
                        + r.blobs() + " blobs; signed by " + r.key());
            }
        } else if (r.intact()) {
            out.println(who + ": files intact, but the export is incomplete (" + r.recordedFailures().size()
                    + " failures recorded at export time):");
            for (Failure f : r.recordedFailures()) {
                out.println("  " + f);
            }
        } else {
            out.println(who + ": FAILED, " + r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s") + ":");
            for (String p : r.problems()) {
                out.println("  " + p);
            }
        }
        if (!quiet) {
            for (String n : r.notes()) {
                out.println("  note: " + n);
            }
        }
    }
}
