package carport.cli;

import carport.core.json.AtJson;
import carport.core.repo.RepoInspector;
import carport.core.repo.RepoReader;
import carport.core.repo.RepoSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carport inspect}: what a repository CAR holds, without judging it (that is {@code verify}). */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {
            "Shows what a repository CAR holds.",
            "",
            "The commit (did, rev, version, its CID, the MST root 'data', prev), record counts per collection, "
                    + "MST nodes, blocks, blocks not reachable from the commit, and the file size. Blocks missing "
                    + "from a partial CAR are counted, not judged: 'verify' checks."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.car", description = "the repository CAR file")
    Path file;

    @Option(names = "--json", description = "print one JSON object (fields did, rev, version, commit, data, prev,"
            + " records, collections, blocks, unreachableBlocks, bytes, ...)")
    boolean json;

    @Override
    public Integer call() throws IOException {
        RepoSummary s;
        try (RepoReader reader = CarInput.open(file)) {
            s = RepoInspector.inspect(reader);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.append(AtJson.toJson(toMap(s), true)).append('\n');
        } else {
            text(out, s);
        }
        out.flush();
        return ExitCode.OK;
    }

    static Map<String, Object> toMap(RepoSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("did", s.did().toString());
        m.put("rev", s.rev());
        m.put("version", (long) s.version());
        m.put("commit", s.commit().toString());
        m.put("data", s.data().toString());
        m.put("prev", s.prev() == null ? null : s.prev().toString());
        m.put("records", s.records());
        m.put("recordsPresent", s.recordsPresent());
        m.put("recordsMissing", s.missingRecords());
        m.put("recordBytes", s.recordBytes());
        m.put("collections", new LinkedHashMap<String, Object>(s.collections()));
        m.put("mstNodes", s.mstNodes());
        m.put("mstNodesMissing", s.missingMstNodes());
        m.put("blocks", (long) s.blocks());
        m.put("sections", (long) s.sections());
        m.put("duplicateSections", (long) s.duplicateSections());
        m.put("unreachableBlocks", s.unreachableBlocks());
        m.put("bytes", s.sizeBytes());
        m.put("complete", s.complete());
        return m;
    }

    private static void text(PrintWriter out, RepoSummary s) {
        row(out, "did", s.did().toString());
        row(out, "rev", s.rev() == null ? "- (version 2 commits have none)" : Text.safe(s.rev()));
        row(out, "version", Integer.toString(s.version()));
        row(out, "commit", s.commit().toString());
        row(out, "data", s.data().toString() + " (MST root)");
        row(out, "prev", s.prev() == null ? "null" : s.prev().toString());
        String records = s.records() + (s.missingRecords() > 0
                ? " (" + s.missingRecords() + " not in this CAR)" : "");
        row(out, "records", records);
        row(out, "collections", Integer.toString(s.collections().size()));
        int w = 0;
        for (String c : s.collections().keySet()) {
            w = Math.max(w, Text.safe(c).length());
        }
        for (Map.Entry<String, Long> e : s.collections().entrySet()) {
            String name = Text.safe(e.getKey());
            out.append("  ").append(name).append(" ".repeat(w - name.length() + 2)).append(e.getValue().toString())
                    .append('\n');
        }
        row(out, "mst nodes", s.mstNodes() + (s.missingMstNodes() > 0
                ? " (" + s.missingMstNodes() + " more linked but not in this CAR)" : ""));
        row(out, "blocks", s.blocks() + (s.duplicateSections() > 0
                ? " (" + s.sections() + " sections, " + s.duplicateSections() + " duplicates)" : ""));
        row(out, "unreachable", s.unreachableBlocks() + " blocks not reachable from the commit");
        row(out, "bytes", Long.toString(s.sizeBytes()));
        if (!s.complete()) {
            out.append("partial: this CAR lacks some blocks of the repository\n");
        }
    }

    private static void row(PrintWriter out, String label, String value) {
        out.append(label).append(" ".repeat(Math.max(1, 13 - label.length()))).append(value).append('\n');
    }
}
