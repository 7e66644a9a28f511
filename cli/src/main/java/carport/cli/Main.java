package carport.cli;

import carport.core.InvalidDataException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
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
            "  4  partial (some items failed, the rest done)"
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
        CommandLine cl = commandLine(args);
        cl.setOut(o);
        cl.setErr(e);
        try {
            return cl.execute(args);
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

    /** Maps any failure to one line on stderr and an exit code. */
    static int report(PrintWriter err, Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        int code;
        String msg;
        if (t instanceof UsageException || Failures.isUsage(t)) {
            code = ExitCode.USAGE;
            msg = t.getMessage();
        } else if (t instanceof InvalidDataException) {
            code = ExitCode.INVALID;
            msg = t.getMessage();
        } else if (Failures.isRemote(t)) {
            code = ExitCode.REMOTE;
            msg = t.getMessage();
        } else if (t instanceof NoSuchFileException) {
            code = ExitCode.USAGE;
            msg = "no such file: " + ((NoSuchFileException) t).getFile();
        } else if (t instanceof AccessDeniedException) {
            code = ExitCode.USAGE;
            msg = "permission denied: " + ((AccessDeniedException) t).getFile();
        } else if (t instanceof FileSystemException) {
            FileSystemException fse = (FileSystemException) t;
            code = ExitCode.INVALID;
            msg = fse.getFile() + ": " + (fse.getReason() != null ? fse.getReason() : fse.getClass().getSimpleName());
        } else if (t instanceof IOException) {
            code = ExitCode.INVALID;
            msg = "I/O error: " + t.getMessage();
        } else if (t instanceof OutOfMemoryError) {
            code = ExitCode.INVALID;
            msg = "out of memory (raise the heap with JAVA_OPTS=-Xmx...)";
        } else {
            code = ExitCode.INVALID;
            msg = "internal error: " + t + " (please report this; run with CARPORT_DEBUG=1 for details)";
        }
        err.println("carport: " + (msg == null ? t.getClass().getSimpleName() : msg));
        if (System.getenv("CARPORT_DEBUG") != null) {
            t.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
