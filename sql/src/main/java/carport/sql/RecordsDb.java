package carport.sql;

import carport.records.AccountRow;
import carport.records.BlobRow;
import carport.records.ReadOptions;
import carport.records.RecordsInput;
import carport.records.RepoRow;
import carport.records.RowWriter;
import carport.records.RowsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A DuckDB database holding the tables {@code records}, {@code blobs}, {@code accounts} and {@code repos}
 * (docs/records.md). The records rows are written to a temporary load file ({@link RowWriter#loadFile}) while
 * each input is still being verified ({@link RowsFile}: a bad input's rows are taken back), and DuckDB reads
 * that file in one {@code read_csv} when loading finishes; the other tables go in through appenders. Measured on
 * 1M records (docs/benchmarks.md), the file takes less CPU than appending each record's ten values through
 * JDBC. DuckDB never installs or auto-loads an extension here, so nothing it does can reach the network; what
 * it needs (Parquet, JSON) is built into the jar.
 */
public final class RecordsDb implements AutoCloseable {
    /** The tables, created empty by {@link #create}. */
    public static final List<String> TABLES = List.of("records", "blobs", "accounts", "repos");

    private static final String SCHEMA = """
            CREATE TABLE records (did VARCHAR, collection VARCHAR, rkey VARCHAR, uri VARCHAR, cid VARCHAR,
                rev VARCHAR, type VARCHAR, created_at TIMESTAMPTZ, record JSON, size INTEGER);
            CREATE TABLE blobs (did VARCHAR, cid VARCHAR, size BIGINT, mime_type VARCHAR, record_uris VARCHAR[],
                missing BOOLEAN);
            CREATE TABLE accounts (did VARCHAR, handle VARCHAR, pds VARCHAR, rev VARCHAR, commit VARCHAR,
                records BIGINT, blobs BIGINT, verified BOOLEAN, finished TIMESTAMPTZ);
            CREATE TABLE repos (path VARCHAR, did VARCHAR, rev VARCHAR, commit VARCHAR, records BIGINT,
                blocks BIGINT, bytes BIGINT, verified BOOLEAN, problem VARCHAR);
            """;

    private final DuckDBConnection conn;
    private final Path tempDir;
    /** The records rows while loading: a temporary load file ({@link RowWriter#loadFile}), else null. */
    private RowsFile records;
    private DuckDBAppender blobs;
    private DuckDBAppender accounts;
    private DuckDBAppender repos;

    private RecordsDb(DuckDBConnection conn, Path tempDir) {
        this.conn = conn;
        this.tempDir = tempDir;
    }

    /**
     * Opens a database: {@code file} null for one in memory. {@code memoryLimit} (e.g. "512MB", null for
     * DuckDB's default) bounds DuckDB's memory; beyond it, it spills to {@code tempDir} (null: DuckDB's default).
     */
    public static RecordsDb open(Path file, boolean readOnly, String memoryLimit, Path tempDir) throws SQLException {
        Properties p = new Properties();
        // never fetch or load an extension: all that is used is built in, and nothing may reach the network
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        p.setProperty("allow_community_extensions", "false");
        if (readOnly) {
            p.setProperty("duckdb.read_only", "true");
        }
        if (memoryLimit != null) {
            p.setProperty("memory_limit", memoryLimit);
        }
        if (tempDir != null) {
            p.setProperty("temp_directory", tempDir.toString());
        }
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("the DuckDB driver is not on the class path (lib/duckdb_jdbc.jar beside carport.jar)",
                    e);
        }
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + (file == null ? "" : file.toAbsolutePath()), p);
        RecordsDb db = new RecordsDb(c.unwrap(DuckDBConnection.class), tempDir);
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_configuration = false");
            s.execute("SET TimeZone = 'UTC'");
        } catch (SQLException e) {
            // without ICU time zones are UTC anyway
        }
        return db;
    }

    /**
     * Creates the four tables (empty), the temporary records file (in the {@code tempDir} given to {@link #open},
     * or the system's temporary folder if that is null or not writable) and the other tables' appenders.
     */
    public void create() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(SCHEMA);
        }
        openRecordsFile();
        blobs = conn.createAppender("blobs");
        accounts = conn.createAppender("accounts");
        repos = conn.createAppender("repos");
    }

    private void openRecordsFile() throws SQLException {
        if (tempDir != null) {
            try {
                Files.createDirectories(tempDir);
                records = RowsFile.temporary(tempDir, RowWriter::loadFile);
                return;
            } catch (IOException e) {
                // a folder we cannot write to: the system's temporary folder instead
            }
        }
        try {
            records = RowsFile.temporary(null, RowWriter::loadFile);
        } catch (IOException e) {
            throw new SQLException("cannot write a temporary file for the records: " + e.getMessage(), e);
        }
    }

    public Connection connection() {
        return conn;
    }

    public void add(BlobRow b) throws SQLException {
        DuckDBAppender a = blobs.beginRow();
        str(a, b.did());
        str(a, b.cid());
        a.append(b.size());
        str(a, b.mimeType());
        a.append(b.records());
        a.append(b.missing());
        a.endRow();
    }

    public void add(AccountRow m) throws SQLException {
        DuckDBAppender a = accounts.beginRow();
        str(a, m.did());
        str(a, m.handle());
        str(a, m.pds());
        str(a, m.rev());
        str(a, m.commit());
        a.append(m.records());
        a.append(m.blobs());
        a.append(m.verified());
        if (m.finished() == null) {
            a.appendNull();
        } else {
            a.appendEpochMicros(Math.addExact(Math.multiplyExact(m.finished().getEpochSecond(), 1_000_000L),
                    m.finished().getNano() / 1000));
        }
        a.endRow();
    }

    public void add(RepoRow r) throws SQLException {
        DuckDBAppender a = repos.beginRow();
        str(a, r.path());
        str(a, r.did());
        str(a, r.rev());
        str(a, r.commit());
        a.append(r.records());
        a.append(r.blocks());
        a.append(r.bytes());
        a.append(r.verified());
        str(a, r.problem());
        a.endRow();
    }

    private static void str(DuckDBAppender a, String s) throws SQLException {
        if (s == null) {
            a.appendNull();
        } else {
            a.append(s);
        }
    }

    /**
     * Reads one input into the tables (verified as {@code options} say): its records, its repos row, and for
     * an export folder its accounts row and blobs. A bad input adds only its repos row. Returns that row.
     */
    public RepoRow load(RecordsInput input, ReadOptions options) throws SQLException {
        AccountRow account = null;
        List<BlobRow> blobRows = new java.util.ArrayList<>();
        if (input instanceof RecordsInput.ExportFolder f) {
            try {
                account = AccountRow.read(f.dir());
                BlobRow.read(f.dir(), account.did(), blobRows::add);
            } catch (IOException | RuntimeException e) {
                RepoRow bad = new RepoRow(input.name(), account == null ? null : account.did(), null, null, 0, 0, 0,
                        false, "the export's manifests cannot be read: " + e.getMessage(), List.of());
                add(bad);
                return bad;
            }
        }
        RepoRow row;
        try {
            row = records.add(input, options);
        } catch (UncheckedIOException e) {
            throw new SQLException("cannot write the temporary records file: " + e.getCause().getMessage(), e);
        }
        if (row.ok() && account != null) {
            add(account);
            for (BlobRow b : blobRows) {
                add(b);
            }
        }
        add(row);
        return row;
    }

    /** Flushes and closes the appenders and reads the records file into its table: the rows are then in the tables. */
    public void finishLoading() throws SQLException {
        for (DuckDBAppender a : new DuckDBAppender[] {blobs, accounts, repos}) {
            if (a != null) {
                a.close();
            }
        }
        blobs = accounts = repos = null;
        RowsFile f = records;
        records = null;
        if (f == null) {
            return;
        }
        try {
            f.close();
            try (Statement s = conn.createStatement()) {
                s.execute("INSERT INTO records " + selectLoadFile(f.path(), f.longestLine()));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new SQLException("cannot write the temporary records file: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(f.path());
            } catch (IOException e) {
                // the caller deletes its temporary folder as well
            }
        }
    }

    /**
     * Adds the tables of another saved database (a {@code --save} file), attached read-only. Call after
     * {@link #finishLoading()}.
     */
    public void addSaved(Path file) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("ATTACH " + quote(file.toAbsolutePath().toString()) + " AS saved (READ_ONLY)");
            try {
                for (String t : TABLES) {
                    s.execute("INSERT INTO main." + t + " SELECT * FROM saved.main." + t);
                }
            } finally {
                s.execute("DETACH saved");
            }
        }
    }

    /** Writes the records table to {@code file} as Parquet (zstd). */
    public void copyRecordsToParquet(Path file) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("COPY records TO " + quote(file.toAbsolutePath().toString())
                    + " (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    /**
     * Writes a {@link RowWriter#loadFile} file to {@code parquet} with the records table's column types. DuckDB
     * streams it, in row order, so memory stays bounded. zstd at level 1: on 1M records about 0.6 s faster than
     * the default level 3 for a file 6 % larger; DuckDB reads this delimited text faster than JSON lines
     * (docs/benchmarks.md).
     *
     * @param longestLine bytes of the file's longest line (DuckDB refuses longer lines than it is told of, and
     *     sizes its read buffers by it)
     */
    public void copyLoadFileToParquet(Path rows, Path parquet, int longestLine) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("COPY (" + selectLoadFile(rows, longestLine) + ") TO " + quote(parquet.toAbsolutePath().toString())
                    + " (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)");
        }
    }

    /** The rows of a {@link RowWriter#loadFile} file as the records table's columns. */
    private static String selectLoadFile(Path rows, int longestLine) {
        long maxLine = Math.max(2_000_000L, longestLine + 1024L);
        long buffer = Math.max(32_000_000L, 2 * maxLine);
        return "SELECT did, collection, rkey, uri, cid, rev, type, created_at::TIMESTAMPTZ AS created_at,"
                + " record::JSON AS record, size FROM read_csv(" + quote(rows.toAbsolutePath().toString())
                + ", header = false, auto_detect = false, delim = " + quote(String.valueOf(RowWriter.LOAD_FILE_DELIMITER))
                + ", quote = " + quote(String.valueOf(RowWriter.LOAD_FILE_QUOTE)) + ", escape = "
                + quote(String.valueOf(RowWriter.LOAD_FILE_QUOTE)) + ", new_line = '\\n', allow_quoted_nulls = false,"
                + " max_line_size = " + maxLine + ", buffer_size = " + buffer + ", columns = {did: 'VARCHAR',"
                + " collection: 'VARCHAR', rkey: 'VARCHAR', uri: 'VARCHAR', cid: 'VARCHAR', rev: 'VARCHAR',"
                + " type: 'VARCHAR', created_at: 'VARCHAR', record: 'VARCHAR', size: 'INTEGER'})";
    }

    /** Runs one statement; the result set (or null) is closed with the statement by the caller. */
    public Statement statement() throws SQLException {
        return conn.createStatement();
    }

    /** The number of rows in {@code table}. */
    public long count(String table) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** A SQL string literal. */
    public static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    /** Closes the database; records not yet read in by {@link #finishLoading()} are dropped with their file. */
    public void close() throws SQLException {
        try {
            if (records != null) {
                try {
                    records.close();
                } catch (IOException | UncheckedIOException e) {
                    // dropped anyway
                } finally {
                    try {
                        Files.deleteIfExists(records.path());
                    } catch (IOException e) {
                        // the caller deletes its temporary folder as well
                    }
                    records = null;
                }
            }
            finishLoading();
        } finally {
            conn.close();
        }
    }
}
