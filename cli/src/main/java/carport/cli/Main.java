package carport.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The carport command line: subcommands, and the one place where failures become exit codes. */
@Command(
        name = "carport",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Export, verify and keep AT Protocol (Bluesky) account data.",
        subcommands = {CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  all done and verified",
            "  1  invalid or unverifiable data (bad CAR, failed check)",
            "  2  usage (bad arguments, missing input, would overwrite)",
            "  3  remote or network failure (account unavailable, resolution failed, HTTP error)",
            "  4  partial (some items failed, the rest done)",
            "  5  stopped to wait for you (migrate, add-rotation-key: the emailed PLC token)"
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see carport --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs carport with these arguments and returns its exit code; never throws. */
    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    /**
     * Runs carport writing to the given streams (UTF-8) and returns its exit code; never throws. Standard
     * output is buffered (commands print many lines) and flushed before returning.
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        PrintWriter o = new Output(new BufferedOutputStream(out, 1 << 16));
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            CommandLine cl = commandLine(args);
            cl.setOut(o);
            cl.setErr(e);
            return cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError ex) {
            // picocli passes Errors through; they still get one line and a documented code
            return report(e, ex);
        } finally {
            o.flush();
            e.flush();
        }
    }

    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        Commands.register(cl, args);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            line.getOut().flush();
            return report(line.getErr(), ex);
        });
        cl.setParameterExceptionHandler((ex, unused) -> {
            ex.getCommandLine().getOut().flush();
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("carport: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try 'carport " + commandPath(ex.getCommandLine()) + "--help' for usage.");
            err.flush();
            return ExitCode.USAGE;
        });
        return cl;
    }

    private static String commandPath(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        return name.startsWith("carport") ? (name.length() > 7 ? name.substring(8) + " " : "") : name + " ";
    }

    /** Maps any failure to one line on stderr and an exit code ({@link Failures#map}). */
    static int report(PrintWriter err, Throwable t) {
        Failures.Mapped m = Failures.map(t);
        err.println("carport: " + m.message());
        if (System.getenv("CARPORT_DEBUG") != null) {
            t.printStackTrace(err);
        }
        err.flush();
        return m.code();
    }
}
