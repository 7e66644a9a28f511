package carport.cli;

import picocli.CommandLine;

/** The list of carport's subcommands, in the order --help shows them. */
final class Commands {
    private Commands() {}

    static void register(CommandLine cl) {
        cl.addSubcommand(new ExportCommand());
        cl.addSubcommand(new CheckCommand());
    }
}
