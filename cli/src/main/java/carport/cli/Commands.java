package carport.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * carport's subcommands, in the order --help shows them. picocli reads a command's annotations when it is added,
 * which costs a short command more than its own work, so a run that names its command builds only that one.
 */
final class Commands {
    private Commands() {}

    /** Name (as in the command's {@code @Command}) to a fresh instance. */
    static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("export", ExportCommand::new);
        ALL.put("check", CheckCommand::new);
        ALL.put("site", SiteCommand::new);
        ALL.put("inspect", InspectCommand::new);
        ALL.put("list-records", ListRecordsCommand::new);
        ALL.put("unpack-records", UnpackRecordsCommand::new);
        ALL.put("records", RecordsCommand::new);
        ALL.put("sql", SqlCommand::new);
        ALL.put("verify", VerifyCommand::new);
        ALL.put("mst", MstCommand::new);
        ALL.put("resolve", ResolveCommand::new);
        ALL.put("status", StatusCommand::new);
        ALL.put("download-repo", DownloadRepoCommand::new);
        ALL.put("list-blobs", ListBlobsCommand::new);
        ALL.put("download-blobs", DownloadBlobsCommand::new);
        ALL.put("migrate", MigrateCommand::new);
        ALL.put("restore", RestoreCommand::new);
        ALL.put("identity", IdentityCommand::new);
        ALL.put("key", KeyCommand::new);
    }

    /**
     * Adds the command {@code args} starts with, or every command when it starts with something else (an option,
     * {@code help}, a misspelt name: picocli then lists or suggests them all).
     */
    static void register(CommandLine cl, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return; // the version needs no command: building all of them costs start-up time
        }
        Supplier<Object> named = args.length > 0 ? ALL.get(args[0]) : null;
        if (named != null) {
            cl.addSubcommand(named.get());
            return;
        }
        for (Supplier<Object> c : ALL.values()) {
            cl.addSubcommand(c.get());
        }
    }
}
