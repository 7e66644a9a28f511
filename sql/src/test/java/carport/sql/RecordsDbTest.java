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

    /** In memory the records go in through the appender, in a file through a temporary JSON-lines file. */
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
            assertThat(Files.exists(spill)).isEqualTo(inFile);
            if (inFile) {
                try (var left = Files.list(spill)) {
                    assertThat(left).isEmpty();
                }
            }
            Path pq = tmp.resolve("r.parquet");
            db.copyRecordsToParquet(pq);
            try (Statement s = db.statement();
                    ResultSet rs = s.executeQuery("SELECT did, collection, rkey, uri, cid, rev, type,"
                            + " epoch_us(created_at), record, size FROM read_parquet(" + RecordsDb.quote(pq.toString())
                            + ")")) {
                int i = 0;
                while (rs.next()) {
                    RecordRow x = rows.get(i++);
                    assertThat(rs.getString(1)).isEqualTo(x.did());
                    assertThat(rs.getString(2)).isEqualTo(x.collection());
                    assertThat(rs.getString(3)).isEqualTo(x.rkey());
                    assertThat(rs.getString(4)).isEqualTo(x.uri());
                    assertThat(rs.getString(5)).isEqualTo(x.cid());
                    assertThat(rs.getString(6)).isEqualTo(x.rev());
                    assertThat(rs.getString(7)).isEqualTo(x.type());
                    Object micros = rs.getObject(8);
                    assertThat(micros == null ? null : ((Number) micros).longValue()).isEqualTo(x.createdAtMicros());
                    assertThat(rs.getString(9)).isEqualTo(x.record());
                    assertThat(rs.getInt(10)).isEqualTo(x.size());
                }
                assertThat(i).isEqualTo(278);
            }
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
}
