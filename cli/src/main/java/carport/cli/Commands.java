package carport.cli;

import picocli.CommandLine;

/** The list of carport's subcommands, in the order --help shows them. */
final class Commands {
    private Commands() {}

    static void register(CommandLine cl) {
        cl.addSubcommand(new ExportCommand());
        cl.addSubcommand(new CheckCommand());
        cl.addSubcommand(new InspectCommand());
        cl.addSubcommand(new ListRecordsCommand());
        cl.addSubcommand(new UnpackRecordsCommand());
        cl.addSubcommand(new VerifyCommand());
        cl.addSubcommand(new MstCommand());
        cl.addSubcommand(new ResolveCommand());
        cl.addSubcommand(new StatusCommand());
        cl.addSubcommand(new DownloadRepoCommand());
        cl.addSubcommand(new ListBlobsCommand());
        cl.addSubcommand(new DownloadBlobsCommand());
    }
}
