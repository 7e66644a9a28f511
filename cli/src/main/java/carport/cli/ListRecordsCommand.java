package carport.cli;

import carport.core.cid.Cid;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.repo.RepoReader;
import carport.core.syntax.RepoPath;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carport list-records}: every record key and CID in a repository CAR, in key order. */
@Command(name = "list-records", mixinStandardHelpOptions = true,
        description = {
            "Lists every record of a repository CAR in key order: a line '=== <did> ===', a header line",
            "'key<TAB>record_cid', then '<collection>/<rkey><TAB><cid>' per record.",
            "Keys that are not valid repo paths are reported on stderr (exit 1); MST nodes missing from a",
            "partial CAR are reported on stderr and give exit 4 (the records below them cannot be listed)."})
final class ListRecordsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.car", description = "the repository CAR file")
    Path file;

    @Option(names = "--json", description = "one JSON object per line: {\"key\",\"collection\",\"rkey\",\"cid\"}")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RepoReader reader = CarInput.open(file)) {
            if (!json) {
                out.append("=== ").append(Text.safe(reader.commit().did())).append(" ===\n");
                out.append("key\trecord_cid\n");
            }
            Lister lister = new Lister(out, err, json);
            MstWalker.walk(reader.car(), reader.commit().data(), lister, MstWalker.Options.LENIENT);
            out.flush();
            if (lister.invalid > 0) {
                err.println("carport: " + lister.invalid + " problems in the MST (see above); the listing is incomplete");
                return ExitCode.INVALID;
            }
            if (lister.missing > 0) {
                err.println("carport: " + lister.missing + " MST nodes are missing from the CAR; the listing is"
                        + " incomplete");
                return ExitCode.PARTIAL;
            }
            return ExitCode.OK;
        }
    }

    private static final class Lister implements MstVisitor {
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean json;
        long invalid;
        long missing;

        Lister(PrintWriter out, PrintWriter err, boolean json) {
            this.out = out;
            this.err = err;
            this.json = json;
        }

        @Override
        public void leaf(byte[] key, Cid value) {
            // Valid repo paths are plain ASCII without quotes, backslashes or tabs, so they need no escaping.
            String k = new String(key, StandardCharsets.ISO_8859_1);
            if (!RepoPath.isValid(k)) {
                problem("MST key " + Text.safe(key, 300) + " is not a valid repo path (<collection>/<rkey>); skipped");
                return;
            }
            String cid = value.toString();
            if (json) {
                int slash = k.indexOf('/');
                out.append("{\"key\":\"").append(k)
                        .append("\",\"collection\":\"").append(k, 0, slash)
                        .append("\",\"rkey\":\"").append(k, slash + 1, k.length())
                        .append("\",\"cid\":\"").append(cid).append("\"}\n");
            } else {
                out.append(k).append('\t').append(cid).append('\n');
            }
        }

        @Override
        public void missingNode(Cid cid) {
            missing++;
            err.println("carport: MST node " + cid + " is missing from the CAR: the records below it are not listed");
        }

        @Override
        public void problem(String message) {
            invalid++;
            err.println("carport: " + message);
        }
    }
}
