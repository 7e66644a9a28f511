package carport.cli;

import carport.export.ExportLockedException;
import carport.site.SiteBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code carport site}: a static site of an export that opens offline in any browser. */
@Command(
        name = "site",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Writes a static site of an export that any browser opens offline.",
            "",
            "For each export folder DIR/<did>, writes DIR/<did>/_site/ (or, with -o,",
            "SITE_DIR/<did>/ with copies of the blobs it shows, so it stands alone).",
            "Open its index.html from the file manager: no server, no network. It shows",
            "the profile, posts newest first with month navigation, images with their",
            "alt text, threads, quotes, likes, reposts, follows, blocks, lists, other",
            "collections as JSON, and searches post text and alt text.",
            "The site is built in a temporary folder and renamed into place whole, under",
            "the export's lock; only public records and their blobs go into it.",
            "Exit 0 on success, 1 if a folder is not a readable export, 2 on usage",
            "errors or when an export is running in the folder."
        })
final class SiteCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR/<did>", arity = "1..*", description = "export folders (as written by carport export)")
    List<Path> dirs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "SITE_DIR",
            description = "write SITE_DIR/<did>/ with copies of the blobs (default: DIR/<did>/_site/)")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "print nothing on success")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new UsageException("not a folder: " + d + " (name an export folder, DIR/<did>)");
            }
        }
        for (Path d : dirs) {
            SiteBuilder.Result r = build(d, out);
            if (!quiet) {
                o.println(r.site().resolve("index.html") + "  (" + r.posts() + " posts, " + r.records() + " records, "
                        + r.blobs() + " blobs)");
                o.flush();
            }
        }
        return ExitCode.OK;
    }

    /** Builds one site; an export holding the folder is a usage error (exit 2) naming the holder. */
    static SiteBuilder.Result build(Path dir, Path out) throws IOException {
        try {
            return SiteBuilder.build(dir, out);
        } catch (ExportLockedException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
