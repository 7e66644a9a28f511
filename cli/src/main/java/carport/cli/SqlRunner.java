package carport.cli;

import carport.records.ReadOptions;
import carport.records.RecordsInput;
import carport.sql.QueryOutput;
import carport.sql.RecordsDb;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/** The work of {@link SqlCommand}: load the inputs into DuckDB, run the query or the prompt, save. */
final class SqlRunner {
    private final SqlCommand c;

    SqlRunner(SqlCommand c) {
        this.c = c;
    }

    Integer call() throws Exception {
        PrintWriter err = c.spec.commandLine().getErr();
        QueryOutput.Format fmt;
        try {
            fmt = QueryOutput.Format.of(c.format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format " + Text.safe(c.format) + ": use table, csv or jsonl");
        }
        if (c.output != null) {
            TableInputs.checkWritable(c.output);
        }
        if (c.save != null) {
            TableInputs.checkWritable(c.save);
        }
        List<Path> saved = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        for (Path p : c.in.inputs) {
            if (p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".duckdb")
                    && Files.isRegularFile(p)) {
                saved.add(p);
            } else {
                others.add(p);
            }
        }
        List<RecordsInput> inputs = c.in.expand(others);
        ReadOptions options = c.in.options(inputs, err);
        String sql = c.query;
        boolean interactive = false;
        if (sql == null) {
            if (onTerminal()) {
                interactive = true;
            } else if (c.save == null || System.in.available() > 0) {
                sql = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
                if (sql.isBlank()) {
                    throw new UsageException("no query: give -e QUERY (or type one at the prompt on a terminal)");
                }
            }
        }
        TableInputs.Tally tally = new TableInputs.Tally();
        // one saved database and nothing else: query it in place, read-only (no loading)
        if (saved.size() == 1 && inputs.isEmpty() && c.save == null) {
            try (RecordsDb db = RecordsDb.open(saved.get(0), true, c.memoryLimit, null)) {
                return run(db, sql, interactive, fmt, ExitCode.OK);
            } catch (SQLException e) {
                throw new carport.core.InvalidDataException(saved.get(0) + ": " + oneLine(e));
            }
        }
        Path dbFile = c.save == null ? null : TableInputs.tempBeside(c.save, ".tmp");
        Path spill = TableInputs.tempBeside(c.save != null ? c.save : Path.of("carport-sql"), ".duckdb-tmp");
        try {
            int code;
            try (RecordsDb db = RecordsDb.open(dbFile, false, c.memoryLimit, spill)) {
                db.create();
                for (RecordsInput input : inputs) {
                    if (!tally.add(db.load(input, options), err, c.in.strict)) {
                        return tally.exitCode();
                    }
                }
                TableInputs.releaseReadMemory();
                db.finishLoading();
                for (Path p : saved) {
                    db.addSaved(p);
                    tally.good++;
                }
                code = run(db, sql, interactive, fmt, tally.exitCode());
            } catch (SQLException e) {
                throw new carport.core.InvalidDataException("DuckDB: " + oneLine(e));
            }
            if (c.save != null) {
                Files.move(dbFile, c.save, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                err.println("carport: saved " + c.save);
            }
            return code;
        } finally {
            if (dbFile != null) {
                Files.deleteIfExists(dbFile);
                Files.deleteIfExists(Path.of(dbFile + ".wal"));
            }
            ParquetOut.deleteTree(spill);
        }
    }

    /** Runs the query (or the prompt); returns {@code inputsCode}, or 1 if the query failed. */
    private int run(RecordsDb db, String sql, boolean interactive, QueryOutput.Format fmt, int inputsCode)
            throws IOException {
        PrintWriter err = c.spec.commandLine().getErr();
        if (interactive) {
            prompt(db, fmt);
            return inputsCode;
        }
        if (sql == null) {
            return inputsCode;
        }
        try {
            if (c.output == null) {
                OutputStream out = Output.bytes(c.spec.commandLine().getOut());
                execute(db, sql, fmt, out);
                Output.flush(out);
            } else {
                Path tmp = TableInputs.tempBeside(c.output, ".tmp");
                try {
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                        execute(db, sql, fmt, out);
                    }
                    Files.move(tmp, c.output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (SQLException e) {
            err.println("carport: SQL: " + oneLine(e));
            err.flush();
            return ExitCode.INVALID;
        }
        return inputsCode;
    }

    private static void execute(RecordsDb db, String sql, QueryOutput.Format fmt, OutputStream out)
            throws SQLException, IOException {
        try (Statement s = db.statement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    QueryOutput.write(rs, fmt, out);
                }
            }
        }
    }

    /** Statements end with ';'; .tables lists the tables, .quit (or end of input) leaves. */
    private void prompt(RecordsDb db, QueryOutput.Format fmt) throws IOException {
        PrintWriter err = c.spec.commandLine().getErr();
        OutputStream out = Output.bytes(c.spec.commandLine().getOut());
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        err.println("carport sql: tables records, blobs, accounts, repos. End statements with ';'; .quit to leave.");
        StringBuilder sb = new StringBuilder();
        while (true) {
            err.print(sb.length() == 0 ? "carport> " : "    ...> ");
            err.flush();
            String line = r.readLine();
            if (line == null) {
                break;
            }
            String t = line.trim();
            if (sb.length() == 0 && (t.equals(".quit") || t.equals(".exit"))) {
                break;
            }
            if (sb.length() == 0 && t.equals(".tables")) {
                t = "SHOW TABLES;";
            }
            sb.append(t.equals(line.trim()) && t.startsWith("SHOW TABLES") ? t : line).append('\n');
            if (!t.endsWith(";")) {
                continue;
            }
            String sql = sb.toString();
            sb.setLength(0);
            try {
                execute(db, sql, fmt, out);
                Output.flush(out);
            } catch (SQLException e) {
                err.println("error: " + oneLine(e));
            }
        }
        err.println();
        err.flush();
    }

    /**
     * Whether stdin and stdout are a terminal. From JDK 22 on, System.console() is not null without one either;
     * Console.isTerminal() (JDK 22+, called reflectively: this code is built for 17) tells.
     */
    static boolean onTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17..21: a console exists only on a terminal
        }
    }

    static String oneLine(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
