package carport.cli;

import carport.core.syntax.Tid;
import carport.net.identity.ResolvedIdentity;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carport download-repo}: an account's repository as a CAR file (com.atproto.sync.getRepo). */
@Command(name = "download-repo", mixinStandardHelpOptions = true,
        description = {
            "Downloads an account's repository from its PDS as a CAR file.",
            "",
            "The file is written atomically (a crash or",
            "a dropped connection never leaves a partial file under the target name). Check it with",
            "'carport verify FILE --resolve'."})
final class DownloadRepoCommand extends AccountCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write (default: <did>.car)")
    Path output;

    @Option(names = "--force", description = "replace FILE if it exists")
    boolean force;

    @Option(names = "--since", paramLabel = "REV",
            description = "only the changes after this revision (a partial CAR: a diff, not a whole repository)")
    String since;

    @Option(names = {"-q", "--quiet"}, description = "no progress or notices on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter err = err();
        if (since != null && !Tid.isValid(since)) {
            throw new UsageException("--since takes a revision (a TID such as 3kzjwkvgsjs2x), not '"
                    + Text.safe(since) + "'");
        }
        if (output != null && Files.isDirectory(output)) {
            throw new UsageException(output + " is a directory; give a file name with -o");
        }
        if (output != null && Files.exists(output) && !force) {
            throw new UsageException(output + " exists; add --force to replace it");
        }
        Path parent = output == null ? null : output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException("the folder " + parent + " does not exist; create it first or choose another -o");
        }
        ResolvedIdentity id = Idents.account(net.resolver(err), ident);
        Path target = output != null ? output : Path.of(id.did() + ".car");
        if (output == null && Files.exists(target) && !force) {
            throw new UsageException(target + " exists; add --force to replace it, or choose another file with -o");
        }
        if (!quiet) {
            err.println("carport: downloading the repository of " + id.did() + " from " + id.requirePds()
                    + " to " + target);
            err.flush();
        }
        Progress progress = new Progress(err, quiet);
        long bytes = net.sync(err).getRepo(id.requirePds(), id.did(), Optional.ofNullable(since), target,
                (n, total) -> progress.update("  " + Progress.bytes(n)
                        + (total > 0 ? " of " + Progress.bytes(total) : "")));
        progress.done();
        if (!quiet) {
            err.println("carport: wrote " + target + " (" + Progress.bytes(bytes) + ")");
        }
        return ExitCode.OK;
    }
}
