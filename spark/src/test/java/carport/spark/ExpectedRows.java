package carport.spark;

import carport.records.ReadOptions;
import carport.records.RecordsInput;
import carport.records.RecordsReader;
import carport.records.RepoRow;
import carport.records.Signature;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The rows {@code carport records --no-signature} gives for the inputs under a folder (the shared row code). */
final class ExpectedRows {
    private ExpectedRows() {}

    static void read(Path dir, List<String> rows, Set<String> bad) throws Exception {
        read(dir, List.of(), rows, bad);
    }

    /** With {@code --collection} for each of {@code collections} (none: all). */
    static void read(Path dir, List<String> collections, List<String> rows, Set<String> bad) throws Exception {
        ReadOptions o = ReadOptions.defaults().withSignature(Signature.none()).withThreads(1)
                .withCollections(collections);
        for (RecordsInput in : RecordsInput.expand(dir)) {
            RepoRow r = RecordsReader.read(in, o, row -> rows.add(Rows.line(row.did(), row.collection(), row.rkey(),
                    row.uri(), row.cid(), row.rev(), row.type(), row.createdAtMicros(), row.record(), row.size())));
            if (!r.ok()) {
                bad.add(r.path());
            }
        }
    }
}
