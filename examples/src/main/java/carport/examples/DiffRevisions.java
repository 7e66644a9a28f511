package carport.examples;

import carport.core.repo.RepoDiff;
import carport.core.repo.Repository;
import java.io.IOException;
import java.nio.file.Path;

/** What changed between two revisions of a repository: records added, updated and deleted. */
public final class DiffRevisions {
    private DiffRevisions() {}

    /** {@code DiffRevisions OLD.car NEW.car}. */
    public static void main(String[] args) throws IOException {
        diff(Path.of(args[0]), Path.of(args[1]));
    }

    static RepoDiff diff(Path older, Path newer) throws IOException {
        // begin README diff
        try (Repository before = Repository.open(older); Repository after = Repository.open(newer)) {
            RepoDiff diff = before.diff(after);
            for (RepoDiff.Change c : diff.changes()) {
                String what = c.isAdded() ? "added" : c.isDeleted() ? "deleted" : "updated";
                System.out.println(what + " " + c.key() + " " + (c.isDeleted() ? c.before() : c.after()));
            }
            return diff;
        }
        // end README diff
    }
}
