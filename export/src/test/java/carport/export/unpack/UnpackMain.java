package carport.export.unpack;

import carport.core.repo.RepoReader;
import java.nio.file.Path;

/** Runs one unpack in its own process, so that a test can kill it part way. */
public final class UnpackMain {
    private UnpackMain() {}

    public static void main(String[] args) throws Exception {
        try (RepoReader r = RepoReader.open(Path.of(args[0]))) {
            System.out.println("started");
            System.out.flush();
            Unpacker.unpack(r, Path.of(args[1]), Unpacker.Options.defaults().withForce(args.length > 2));
        }
    }
}
