package carport.cli;

import carport.core.InvalidDataException;
import carport.core.syntax.AtIdentifier;
import carport.export.AccountExporter;
import carport.export.ExportLockedException;
import carport.export.ExportManifest;
import carport.export.ExportOptions;
import carport.export.ExportResult;
import carport.export.Failure;
import carport.export.PreferencesFile;
import carport.export.identity.NetAccountResolver;
import carport.net.identity.ResolvedIdentity;
import carport.net.pds.PdsClient;
import carport.net.pds.PdsSession;
import carport.net.pds.Secret;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carport export}: complete, verified, self-describing backups of accounts, kept current by re-running. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Backs up accounts, verified; re-running keeps the backup current.",
            "",
            "Export accounts into DIR/<did>/: the repository (_repo.car, verified in full:",
            "blocks, MST, signature), one JSON file per record, every blob (_blob/<cid>,",
            "checked against its CID), the DID document and PLC audit log, and manifests",
            "(_export.json, written last; _blobs.jsonl; _history.jsonl).",
            "Re-running into the same DIR downloads only what changed; records and blobs",
            "deleted on the PDS are removed (or moved to _deleted/ with --keep-deleted).",
            "A run killed at any point is completed by the next one.",
            "Layout and crash safety: docs/export-format.md.",
            "With --login (one account; the password from --password-env VAR,",
            "--password-file FILE or the terminal) it also keeps the account's private",
            "preferences in _preferences.json; an app password is enough for that.",
            "Exit 0 if every account is exported and verified, 4 if some failed or are",
            "incomplete; with one account (or all failing alike) its own code (1, 2, 3)."
        })
final class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "IDENT", arity = "0..*", description = "handles or DIDs of the accounts to export")
    List<String> identifiers = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "where to write (default: .)")
    Path out = Path.of(".");

    @Option(names = "--from", paramLabel = "FILE", description = "read more identifiers from FILE, one a line (# comments)")
    Path from;

    @Option(names = "--parallel", paramLabel = "N", description = "export N accounts at a time (default: 1)")
    int parallel = 1;

    @Option(names = "--blob-threads", paramLabel = "N", description = "blob downloads at a time per account (default: 4)")
    int blobThreads = 4;

    @Option(names = "--keep-deleted", description = "move records and blobs deleted on the PDS to _deleted/ instead of removing them")
    boolean keepDeleted;

    @Option(names = "--site", description = "after each export, (re)write its offline site, DIR/<did>/_site/ (see carport site)")
    boolean site;

    @Option(names = "--allow-rotated-key", description = {"keep a freshly downloaded head commit that verifies only under",
        "a rotated-out key of the account, recorded as unverified (exit 4); by default it is refused (exit 1)"})
    boolean allowRotatedKey;

    @Option(names = "--deep", description = {"on a run with nothing new on the PDS, re-hash every blob and",
        "re-check every record as carport check does (default: confirm each listed file is there with its size)"})
    boolean deep;

    @Option(names = "--json", description = "print each account's manifest as one JSON line instead of the summary")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "no progress output and no summary")
    boolean quiet;

    @Option(names = "--login", description = "log in to the account's PDS and keep its private preferences in "
            + PreferencesFile.NAME + " (one account only)")
    boolean login;

    @CommandLine.Mixin
    Passwords password = new Passwords();

    @CommandLine.Mixin
    NetOptions net = new NetOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The outcome for one identifier. */
    private record Outcome(String input, ExportResult result, int code, String error) {}

    @Override
    public Integer call() throws IOException {
        List<String> idents = identifiers();
        if (idents.isEmpty()) {
            throw new UsageException("no account given: name handles or DIDs, or --from FILE");
        }
        if (parallel < 1 || blobThreads < 1) {
            throw new UsageException("--parallel and --blob-threads must be at least 1");
        }
        List<AtIdentifier> parsed = new ArrayList<>();
        for (String s : idents) {
            parsed.add(Idents.parse(s));
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        PdsSession session = null;
        if (login || password.given()) {
            if (parsed.size() != 1) {
                throw new UsageException("--login works with one account at a time");
            }
            session = login(parsed.get(0), err);
        }
        List<Outcome> outcomes = new ArrayList<>();
        try (ExportProgress progress = new ExportProgress(err, Progress.stderrIsTerminal(), quiet)) {
            AccountExporter exporter = new AccountExporter(net.sync(err), new NetAccountResolver(net.resolver(err)),
                    new ExportOptions(out, keepDeleted, blobThreads, Version.get(), allowRotatedKey, deep));
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, parsed.size()), r -> {
                Thread t = new Thread(r, "carport-export");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Outcome>> futures = new ArrayList<>();
                for (int i = 0; i < parsed.size(); i++) {
                    String input = idents.get(i);
                    AtIdentifier id = parsed.get(i);
                    futures.add(pool.submit(() -> exportOne(exporter, input, id, progress)));
                }
                for (Future<Outcome> f : futures) {
                    Outcome o = get(f);
                    outcomes.add(o);
                    if (json) {
                        stdout.println(o.result != null ? o.result.manifest().toJsonLine() : errorLine(o));
                        stdout.flush();
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        if (session != null && outcomes.get(0).result != null) {
            outcomes.set(0, keepPreferences(session, outcomes.get(0), err));
        }
        if (!json && !quiet) {
            summary(outcomes, stdout);
        }
        return exitCode(outcomes);
    }

    /** Logs in to the account's PDS before the export, so a wrong password fails before the long part. */
    private PdsSession login(AtIdentifier id, PrintWriter err) {
        ResolvedIdentity who = net.resolver(err).resolve(id);
        Secret secret = password.read("Password for " + who.displayHandle() + ": ");
        return new PdsClient(net.http(err), who.requirePds()).login(who.did().toString(), secret);
    }

    /** Fetches the preferences into the export folder; a failure makes the outcome fail with its code. */
    private Outcome keepPreferences(PdsSession session, Outcome o, PrintWriter err) {
        try {
            ArrayNode prefs = session.getPreferences();
            PreferencesFile.write(o.result.dir(), session.did(), prefs);
            if (!quiet && !json) {
                err.println("preferences: " + prefs.size() + " kept in " + PreferencesFile.NAME);
                err.flush();
            }
            return o;
        } catch (RuntimeException | IOException e) {
            String msg = "preferences not kept: " + message(e);
            err.println("carport: " + o.input + ": " + msg);
            err.flush();
            return new Outcome(o.input, o.result, classify(e), msg);
        }
    }

    private Outcome exportOne(AccountExporter exporter, String input, AtIdentifier id, ExportProgress progress) {
        try {
            ExportResult r = exporter.export(id, progress.account(input));
            if (site) {
                try {
                    SiteCommand.build(r.dir(), null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new Outcome(input, r, r.verified() ? ExitCode.OK : ExitCode.PARTIAL, null);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            int code = classify(e);
            String msg = message(e);
            progress.error("carport: " + input + ": " + msg);
            if (System.getenv("CARPORT_DEBUG") != null) {
                e.printStackTrace();
            }
            return new Outcome(input, null, code, msg);
        }
    }

    private static Outcome get(Future<Outcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static int classify(Throwable t) {
        return Failures.map(t).code();
    }

    private static String message(Throwable t) {
        return Failures.map(t).message();
    }

    private static String errorLine(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", o.input);
        m.put("error", o.error);
        m.put("exitCode", (long) o.code);
        return carport.core.json.AtJson.toJson(m, false);
    }

    /** Exit code of the whole run: 0 if all verified; the common code if all failed alike; else 4. */
    static int exitCode(List<Outcome> outcomes) {
        Set<Integer> codes = new LinkedHashSet<>();
        for (Outcome o : outcomes) {
            codes.add(o.code);
        }
        if (codes.size() == 1) {
            return codes.iterator().next();
        }
        return ExitCode.PARTIAL;
    }

    private void summary(List<Outcome> outcomes, PrintWriter w) {
        if (outcomes.size() == 1) {
            Outcome o = outcomes.get(0);
            if (o.result != null) {
                w.println(describe(o.result));
                for (Failure f : o.result.manifest().failures()) {
                    w.println("  failed: " + f);
                }
            }
            w.flush();
            return;
        }
        String fmt = "%-28s %-34s %-12s %8s %7s  %s%n";
        w.printf(fmt, "ACCOUNT", "DID", "SYNC", "RECORDS", "BLOBS", "STATUS");
        for (Outcome o : outcomes) {
            if (o.result != null) {
                ExportManifest m = o.result.manifest();
                w.printf(fmt, clip(o.input, 28), m.did(), m.sync().wireName(), m.records(), m.blobs(),
                        m.verified() ? "verified" : m.failures().size() + " failed");
            } else {
                w.printf(fmt, clip(o.input, 28), "-", "-", "-", "-", "failed: " + o.error);
            }
        }
        long ok = outcomes.stream().filter(o -> o.code == ExitCode.OK).count();
        w.println(ok + " of " + outcomes.size() + " accounts exported and verified into " + out);
        w.flush();
    }

    private static String describe(ExportResult r) {
        ExportManifest m = r.manifest();
        String what;
        switch (m.sync()) {
            case UNCHANGED:
                what = "unchanged since the last export";
                break;
            case INCREMENTAL:
                what = "updated (+" + r.added() + " ~" + r.updated() + " -" + r.deleted() + " records)";
                break;
            default:
                what = "full export";
        }
        return m.did() + (m.handle() != null ? " (" + m.handle() + ")" : "") + ": " + what + ", rev " + m.rev() + ", "
                + m.records() + " records, " + m.blobs() + " blobs, "
                + (m.verified() ? "verified" : "NOT fully verified (" + m.failures().size() + " failures)")
                + "\n  -> " + r.dir();
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }

    private List<String> identifiers() throws IOException {
        List<String> all = new ArrayList<>(identifiers);
        if (from != null) {
            if (!Files.isRegularFile(from)) {
                throw new UsageException("--from: no such file: " + from);
            }
            for (String line : Files.readAllLines(from, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    all.add(s);
                }
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(all));
    }
}
