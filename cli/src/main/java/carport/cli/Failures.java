package carport.cli;

import carport.core.InvalidDataException;
import carport.export.ExportLockedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The one mapping from a failure to an exit code and a one-line message, for every command (the
 * export's per-account outcomes too), so the same failure always gets the same code.
 */
final class Failures {
    private Failures() {}

    /** What a failure becomes: its exit code and the line after "carport: ". */
    record Mapped(int code, String message) {
    }

    static boolean isRemote(Throwable t) {
        return t instanceof carport.net.RemoteException && !isUsage(t);
    }

    /** A server's refusal whose fix is in the command line: an app password where the main one is needed, a wrong password. */
    static boolean isUsage(Throwable t) {
        return t instanceof carport.net.pds.PdsException p && p.isUsage();
    }

    static Mapped map(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof UsageException || t instanceof ExportLockedException || isUsage(t)) {
            return mapped(ExitCode.USAGE, t);
        }
        if (t instanceof InvalidDataException) {
            return mapped(ExitCode.INVALID, t);
        }
        if (isRemote(t)) {
            return mapped(ExitCode.REMOTE, t);
        }
        if (t instanceof NoSuchFileException e) {
            return new Mapped(ExitCode.USAGE, "no such file: " + e.getFile());
        }
        if (t instanceof AccessDeniedException e) {
            return new Mapped(ExitCode.USAGE, "permission denied: " + e.getFile());
        }
        if (t instanceof FileSystemException fse) {
            return new Mapped(ExitCode.INVALID, fse.getFile() + ": "
                    + (fse.getReason() != null ? fse.getReason() : fse.getClass().getSimpleName()));
        }
        if (t instanceof IOException) {
            return new Mapped(ExitCode.INVALID, "I/O error: " + t.getMessage());
        }
        if (t instanceof OutOfMemoryError) {
            return new Mapped(ExitCode.INVALID, "out of memory (give the JVM more heap: JAVA_OPTS=-Xmx...)");
        }
        if (t instanceof StackOverflowError) {
            return new Mapped(ExitCode.INVALID, "the input nests too deeply for the stack (give the JVM more: "
                    + "JAVA_OPTS=-Xss...)");
        }
        return new Mapped(ExitCode.INVALID,
                "internal error: " + t + " (please report this; run with CARPORT_DEBUG=1 for details)");
    }

    private static Mapped mapped(int code, Throwable t) {
        return new Mapped(code, t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }
}
