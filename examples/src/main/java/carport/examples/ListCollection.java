package carport.examples;

import carport.core.repo.RecordData;
import carport.core.repo.RepoRecord;
import carport.core.repo.Repository;
import carport.core.syntax.Nsid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists the records of one collection, reading only that part of the repository's tree. */
public final class ListCollection {
    private ListCollection() {}

    /** {@code ListCollection FILE.car COLLECTION}, for instance {@code app.bsky.feed.post}. */
    public static void main(String[] args) throws IOException {
        list(Path.of(args[0]), args[1]);
    }

    static List<String> list(Path car, String collection) throws IOException {
        List<String> lines = new ArrayList<>();
        // begin README list
        try (Repository repo = Repository.open(car)) {
            for (RepoRecord r : repo.records(Nsid.parse(collection))) {
                RecordData data = repo.get(r.path()).orElseThrow();
                lines.add(r.rkey() + " " + data.json());
            }
        }
        // end README list
        lines.forEach(System.out::println);
        return lines;
    }
}
