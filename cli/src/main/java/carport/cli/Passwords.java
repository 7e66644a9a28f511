package carport.cli;

import carport.net.pds.Secret;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where an account's password comes from: an environment variable, a file, or a prompt on the
 * terminal; never a plain command-line value that {@code ps} would show. A picocli mixin.
 */
final class Passwords {
    @Option(names = "--password-env", paramLabel = "VAR",
            description = "read the account's password from the environment variable VAR")
    String env;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "read the account's password from the first line of FILE")
    Path file;

    boolean given() {
        return env != null || file != null;
    }

    /** The password, from the option given, else asked on the terminal. */
    Secret read(String prompt) {
        return read("--password-env", env, "--password-file", file, prompt);
    }

    /**
     * A secret from {@code envVar} or the first line of {@code file}, else asked on the terminal with
     * {@code prompt}; without a terminal, a usage error that names the options.
     */
    static Secret read(String envOption, String envVar, String fileOption, Path file, String prompt) {
        if (envVar != null && file != null) {
            throw new UsageException("give " + envOption + " or " + fileOption + ", not both");
        }
        if (envVar != null) {
            String v = System.getenv(envVar);
            if (v == null || v.isEmpty()) {
                throw new UsageException(envOption + ": the environment variable " + Text.safe(envVar)
                        + " is not set or empty");
            }
            return Secret.of(v);
        }
        if (file != null) {
            String v;
            try {
                v = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new UsageException(fileOption + ": no such file: " + file);
            } catch (IOException e) {
                throw new UsageException(fileOption + ": cannot read " + file + " (" + e.getMessage() + ")");
            }
            int nl = v.indexOf('\n');
            String line = (nl < 0 ? v : v.substring(0, nl)).replace("\r", "");
            if (line.isEmpty()) {
                throw new UsageException(fileOption + ": " + file + " is empty");
            }
            return Secret.of(line);
        }
        Console c = terminal();
        if (c == null) {
            throw new UsageException("no password: give " + envOption + " VAR or " + fileOption
                    + " FILE (no terminal to ask on)");
        }
        char[] typed = c.readPassword("%s", prompt);
        if (typed == null || typed.length == 0) {
            throw new UsageException("no password given");
        }
        return Secret.of(new String(typed));
    }

    /** The console if there is an interactive terminal to ask on, else null. */
    static Console terminal() {
        return Progress.stderrIsTerminal() ? System.console() : null;
    }
}
