package carport.cli;

import carport.core.cid.Cid;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.repo.RepoKeys;
import carport.core.repo.RepoReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
            "Lists the records of a repository CAR (key and record CID) in key order.",
            "",
            "Output: a line '=== <did> ===', a header line 'key<TAB>record_cid', then one line "
                    + "'<collection>/<rkey><TAB><cid>' per record; with --json one JSON object per line instead. "
                    + "Keys that are not valid repo paths are reported on stderr and skipped (exit 1). MST nodes "
                    + "missing from a partial CAR are reported on stderr (exit 4): the records below them cannot "
                    + "be listed."})
final class ListRecordsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.car", description = "the repository CAR file")
    Path file;

    @Option(names = "--json", description = "one JSON object per line: {\"key\",\"collection\",\"rkey\",\"cid\"}")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (RepoReader reader = CarInput.open(file)) {
            OutputStream out = Output.bytes(spec.commandLine().getOut());
            Lister lister = new Lister(out, err, json);
            if (!json) {
                lister.ascii("=== ").ascii(reader.commit().did().toString()).ascii(" ===\n").ascii("key\trecord_cid\n");
            }
            try {
                MstWalker.walk(reader.car(), reader.commit().data(), lister, MstWalker.Options.LENIENT);
            } finally {
                lister.flush();
            }
            if (lister.invalid > 0) {
                err.println("carport: " + lister.invalid + " problems in the MST (see above); the listing is"
                        + " incomplete");
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

    /**
     * Writes one line per leaf straight as bytes: valid repo paths and CIDs are plain ASCII without quotes,
     * backslashes or tabs, so they need neither encoding nor escaping.
     */
    private static final class Lister implements MstVisitor {
        private final OutputStream out;
        private final PrintWriter err;
        private final boolean json;
        private final byte[] buf = new byte[1 << 16];
        private int n;
        private final RepoKeys keys = new RepoKeys();
        long invalid;
        long missing;

        Lister(OutputStream out, PrintWriter err, boolean json) {
            this.out = out;
            this.err = err;
            this.json = json;
        }

        @Override
        public void leaf(byte[] key, Cid value) {
            if (keys.check(key) != null) {
                problem("MST key " + Text.safe(key, 300) + " is not a valid repo path (<collection>/<rkey>); skipped");
                return;
            }
            int slash = keys.slash();
            String cid = value.toString();
            if (n + 2 * key.length + cid.length() + 64 > buf.length) {
                flush();
            }
            if (json) {
                ascii("{\"key\":\"").bytes(key, 0, key.length).ascii("\",\"collection\":\"").bytes(key, 0, slash)
                        .ascii("\",\"rkey\":\"").bytes(key, slash + 1, key.length - slash - 1).ascii("\",\"cid\":\"")
                        .ascii(cid).ascii("\"}\n");
            } else {
                bytes(key, 0, key.length).ascii("\t").ascii(cid).ascii("\n");
            }
        }

        Lister bytes(byte[] b, int off, int len) {
            if (n + len > buf.length) {
                flush();
            }
            if (len > buf.length) {
                write(b, off, len);
            } else {
                System.arraycopy(b, off, buf, n, len);
                n += len;
            }
            return this;
        }

        Lister ascii(String s) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            return bytes(b, 0, b.length);
        }

        void flush() {
            write(buf, 0, n);
            n = 0;
            Output.flush(out);
        }

        private void write(byte[] b, int off, int len) {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void missingNode(Cid cid) {
            missing++;
            flush();
            err.println("carport: MST node " + cid + " is missing from the CAR: the records below it are not listed");
        }

        @Override
        public void problem(String message) {
            invalid++;
            flush();
            err.println("carport: " + message);
        }
    }
}
