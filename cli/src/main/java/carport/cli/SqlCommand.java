package carport.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carport sql}: SQL over the records tables of CARs and export folders, in an embedded DuckDB. The options
 * only: {@link SqlRunner} does the work, so that listing the commands never loads DuckDB's classes.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs SQL (DuckDB, in-process) over the records of repositories.",
            "",
            "Tables: records (did, collection, rkey, uri, cid, rev, type, created_at, record, size), blobs (did, cid, "
                    + "size, mime_type, record_uris, missing; from export folders), accounts (did, handle, pds, rev, "
                    + "commit, records, blobs, verified, finished; from export folders) and repos (path, did, rev, "
                    + "commit, records, blocks, bytes, verified, problem; one row per input, bad ones included). "
                    + "See docs/records.md.",
            "Inputs are verified as for carport records. A FILE.duckdb written by --save is an input too (opened "
                    + "read-only). Without -e: an interactive prompt on a terminal, else the query is read from stdin.",
            "Example: carport sql out/ -e \"SELECT collection, count(*) FROM records GROUP BY 1 ORDER BY 2 DESC\"",
            "Exit 0 all inputs good and the query ran, 4 some inputs bad, 1 none readable or the query failed, 2 usage."})
final class SqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TableInputs in;

    @Option(names = {"-e", "--execute"}, paramLabel = "QUERY", description = "the SQL to run")
    String query;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default), csv or jsonl")
    String format = "table";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the result here (default: stdout)")
    Path output;

    @Option(names = "--save", paramLabel = "FILE.duckdb",
            description = "also save the tables as a DuckDB database (Python, R and the duckdb CLI open it; carport sql "
                    + "takes it as an input)")
    Path save;

    @Option(names = "--memory-limit", paramLabel = "SIZE", description = "DuckDB's memory limit, e.g. 512MB")
    String memoryLimit;

    @Override
    public Integer call() throws Exception {
        return new SqlRunner(this).call();
    }
}
