package carport.cli;

import carport.records.ReadOptions;
import carport.records.RecordsInput;
import carport.records.RecordsReader;
import carport.records.RepoRow;
import carport.records.RowWriter;
import carport.records.RowsFile;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carport records}: the records of CARs and export folders as one table (JSONL, Parquet, CSV). */
@Command(name = "records", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Writes the records of repositories as one table: JSON lines, Parquet or CSV.",
            "",
            "One row per record, the same columns in every format (docs/records.md): did, collection, rkey, uri, cid, "
                    + "rev, type, created_at, record, size.",
            "Every input is verified before its rows are written: export folders with their own identity files "
                    + "(as carport check), CAR files with --resolve, --key, --did-doc, or not at all with "
                    + "--no-signature. A bad input is reported on stderr and its rows are left out.",
            "The output file appears only when complete. Exit 0 all inputs good, 4 some bad, 1 none readable, "
                    + "2 usage."})
final class RecordsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TableInputs in;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write (default: stdout, JSONL)")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "jsonl, parquet or csv (default: from -o's extension, else jsonl); parquet needs -o")
    String format;

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            description = "for Parquet: DuckDB's memory limit, e.g. 512MB (beyond it DuckDB spills to a temporary "
                    + "folder beside the output)")
    String memoryLimit;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String fmt = format(format, output);
        if (fmt.equals("parquet") && output == null) {
            throw new UsageException("Parquet needs a file: give -o FILE.parquet");
        }
        if (output != null) {
            TableInputs.checkWritable(output);
        }
        List<RecordsInput> inputs = in.expand(in.inputs);
        ReadOptions options = in.options(inputs, err);
        TableInputs.Tally tally = new TableInputs.Tally();
        boolean complete;
        if (fmt.equals("parquet")) {
            complete = ParquetOut.write(inputs, options, output, memoryLimit, tally, err, in.strict);
        } else if (output == null) {
            OutputStream out = Output.bytes(spec.commandLine().getOut());
            complete = rows(inputs, options, fmt, out, tally, err);
            Output.flush(out);
        } else {
            Path tmp = TableInputs.tempBeside(output, ".tmp");
            try {
                try (RowsFile f = new RowsFile(tmp, fmt.equals("csv") ? RowWriter::csv : RowWriter::jsonl)) {
                    complete = true;
                    for (RecordsInput input : inputs) {
                        if (!tally.add(f.add(input, options), err, in.strict)) {
                            complete = false;
                            break;
                        }
                    }
                }
                if (complete && tally.good > 0) {
                    Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        if (output != null) {
            err.println("carport: " + (complete && tally.good > 0 ? "wrote " + output + ": " : "nothing written: ")
                    + tally.rows + (tally.rows == 1 ? " record" : " records") + " from " + tally.good + " of "
                    + (tally.good + tally.bad) + " inputs" + (complete ? "" : " (stopped at the first bad input)"));
            err.flush();
        }
        return tally.exitCode();
    }

    /** Writes the rows of every input; false if --strict stopped the run. */
    private boolean rows(List<RecordsInput> inputs, ReadOptions options, String fmt, OutputStream out,
            TableInputs.Tally tally, PrintWriter err) {
        try (RowWriter w = fmt.equals("csv") ? RowWriter.csv(out) : RowWriter.jsonl(out)) {
            for (RecordsInput input : inputs) {
                RepoRow r = RecordsReader.read(input, options, w::write);
                if (!tally.add(r, err, in.strict)) {
                    return false;
                }
            }
        }
        return true;
    }

    static String format(String format, Path output) {
        if (format != null) {
            String f = format.toLowerCase(Locale.ROOT);
            if (!List.of("jsonl", "parquet", "csv").contains(f)) {
                throw new UsageException("--format " + Text.safe(format) + ": use jsonl, parquet or csv");
            }
            return f;
        }
        String name = output == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return "parquet";
        }
        if (name.endsWith(".csv")) {
            return "csv";
        }
        return "jsonl";
    }

}
