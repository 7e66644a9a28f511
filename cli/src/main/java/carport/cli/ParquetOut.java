package carport.cli;

import carport.records.ReadOptions;
import carport.records.RecordsInput;
import carport.sql.RecordsDb;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Parquet output of {@code carport records}, through DuckDB. The only class of that command that touches
 * DuckDB, so that the JSONL and CSV paths never load it (lib/ beside carport.jar).
 */
final class ParquetOut {
    private ParquetOut() {}

    /**
     * Loads the inputs into a temporary DuckDB database file beside the output (on disk, so that DuckDB's memory
     * limit holds however many rows there are), then COPYs to a temporary file renamed to {@code output}.
     */
    static boolean write(List<RecordsInput> inputs, ReadOptions options, Path output, String memoryLimit,
            TableInputs.Tally tally, PrintWriter err, boolean strict) throws IOException {
        Path spill = TableInputs.tempBeside(output, ".duckdb-tmp");
        Path tmp = TableInputs.tempBeside(output, ".tmp");
        Path tmpDb = TableInputs.tempBeside(output, ".duckdb.tmp");
        try (RecordsDb db = RecordsDb.open(tmpDb, false, memoryLimit, spill)) {
            db.create();
            for (RecordsInput input : inputs) {
                if (!tally.add(db.load(input, options), err, strict)) {
                    return false;
                }
            }
            db.finishLoading();
            if (tally.good == 0) {
                return true;
            }
            db.copyRecordsToParquet(tmp);
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (SQLException e) {
            throw new IOException("DuckDB: " + SqlRunner.oneLine(e), e);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmpDb);
            Files.deleteIfExists(Path.of(tmpDb + ".wal"));
            deleteTree(spill);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
