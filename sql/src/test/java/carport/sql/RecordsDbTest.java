package carport.sql;

import static org.assertj.core.api.Assertions.assertThat;

import carport.records.ReadOptions;
import carport.records.RecordRow;
import carport.records.RecordsInput;
import carport.records.RecordsReader;
import carport.records.RepoRow;
import carport.records.Signature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordsDbTest {
    static final Path CARS = Path.of("../core/src/test/resources/testdata/cars");
    static final ReadOptions NO_SIG = ReadOptions.defaults().withSignature(Signature.none());

    /** In memory or in a file, the records go in through a temporary load file, gone once they are in. */
    @ParameterizedTest(name = "in a file: {0}")
    @ValueSource(booleans = {false, true})
    void loadsQueriesAndWritesParquetThatReadsBackAsTheRows(boolean inFile, @TempDir Path tmp) throws Exception {
        Path car = CARS.resolve("repo-stream-little.car");
        List<RecordRow> rows = new ArrayList<>();
        RecordsReader.read(RecordsInput.car(car), NO_SIG, rows::add);
        Path spill = tmp.resolve("spill");
        try (RecordsDb db = RecordsDb.open(inFile ? tmp.resolve("r.duckdb") : null, false, "256MB", spill)) {
            db.create();
            RepoRow r = db.load(RecordsInput.car(car), NO_SIG);
            assertThat(r.ok()).isTrue();
            db.finishLoading();
            assertThat(db.count("records")).isEqualTo(278);
            assertThat(db.count("repos")).isEqualTo(1);
            // the temporary records file is gone once the rows are in
            try (var left = Files.list(spill)) {
                assertThat(left).isEmpty();
            }
            Path pq = tmp.resolve("r.parquet");
            db.copyRecordsToParquet(pq);
            assertParquetHolds(db, pq, rows);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (Statement s = db.statement();
                    ResultSet rs = s.executeQuery("SELECT collection, count(*) AS n FROM records GROUP BY 1 ORDER BY 2 DESC,"
                            + " 1 LIMIT 3")) {
                QueryOutput.write(rs, QueryOutput.Format.TABLE, out);
            }
            String table = out.toString(StandardCharsets.UTF_8);
            assertThat(table).contains("collection").contains("app.bsky.feed.post").contains("(3 rows)");
        }
    }

    @Test
    void duckDbCannotLoadOrInstallExtensions(@TempDir Path tmp) throws Exception {
        try (RecordsDb db = RecordsDb.open(null, false, null, tmp); Statement s = db.statement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('autoinstall_known_extensions'),"
                    + " current_setting('autoload_known_extensions')")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isFalse();
                assertThat(rs.getBoolean(2)).isFalse();
            }
            // httpfs is not built in: reading a URL must fail at once, not fetch the extension
            try {
                s.executeQuery("SELECT * FROM read_parquet('http://127.0.0.1:9/x.parquet')");
                throw new AssertionError("a URL was read");
            } catch (java.sql.SQLException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    /**
     * The Parquet path of {@code carport records}: rows written as a load file and copied by DuckDB come back
     * exactly, in order, hostile text included (the delimiter, the quote, line ends, quotes, the empty string vs
     * null) and a record whose line is longer than DuckDB's default 2 MB line limit.
     */
    @Test
    void loadFileRowsReachParquetUnchanged(@TempDir Path tmp) throws Exception {
        String big = "{\"text\":\"" + "\\\"\\u0001,".repeat(400_000) + "\"}";
        List<RecordRow> rows = List.of(
                new RecordRow("did:plc:a", "app.x", "1", "at://did:plc:a/app.x/1", "bafy1", "3l", "app.x",
                        java.time.Instant.parse("2024-01-02T03:04:05.123456Z"), "{\"a\":\"x,\\\"y\\t\"}".getBytes(StandardCharsets.UTF_8), 10),
                new RecordRow("did:plc:a", "app.x", "2", "at://did:plc:a/app.x/2", "bafy2", "3l", "",
                        null, "{}".getBytes(StandardCharsets.UTF_8), 1),
                new RecordRow("did:plc:a", "app.x", "3", "at://did:plc:a/app.x/3", "bafy3", null, null,
                        null, "{}".getBytes(StandardCharsets.UTF_8), 1),
                new RecordRow("did:plc:a", "app.x", "4", "at://did:plc:a/app.x/4", "bafy4", "3l",
                        "t\tab \u0001q\u0001\u0001 \"\r\n é😀", null, big.getBytes(StandardCharsets.UTF_8), 3_000_000),
                new RecordRow("did:plc:a", "app.x", "5", "at://did:plc:a/app.x/5", "bafy5", "3l", "\t",
                        java.time.Instant.parse("0001-01-01T00:00:00Z"), "[1]".getBytes(StandardCharsets.UTF_8), 2));
        Path file = tmp.resolve("rows");
        int longest;
        try (var out = Files.newOutputStream(file); carport.records.RowWriter w = carport.records.RowWriter.loadFile(out)) {
            rows.forEach(w::write);
            longest = w.longestLine();
        }
        assertThat(longest).isGreaterThan(2_000_000);
        Path pq = tmp.resolve("r.parquet");
        try (RecordsDb db = RecordsDb.open(null, false, "256MB", tmp.resolve("spill"))) {
            db.copyLoadFileToParquet(file, pq, longest);
            assertParquetHolds(db, pq, rows);
        }
    }

    /** The Parquet file holds exactly {@code rows}, in order. */
    private static void assertParquetHolds(RecordsDb db, Path pq, List<RecordRow> rows) throws Exception {
        try (Statement s = db.statement();
                ResultSet rs = s.executeQuery("SELECT did, collection, rkey, uri, cid, rev, type, epoch_us(created_at),"
                        + " record, size FROM read_parquet(" + RecordsDb.quote(pq.toString()) + ")")) {
            int i = 0;
            while (rs.next()) {
                RecordRow x = rows.get(i++);
                String[] want = {x.did(), x.collection(), x.rkey(), x.uri(), x.cid(), x.rev(), x.type()};
                for (int c = 1; c <= 7; c++) {
                    assertThat(rs.getString(c)).as("row %d column %d", i, c).isEqualTo(want[c - 1]);
                }
                Object micros = rs.getObject(8);
                assertThat(micros == null ? null : ((Number) micros).longValue()).isEqualTo(x.createdAtMicros());
                assertThat(rs.getString(9)).isEqualTo(x.record());
                assertThat(rs.getInt(10)).isEqualTo(x.size());
            }
            assertThat(i).isEqualTo(rows.size());
        }
    }
}
