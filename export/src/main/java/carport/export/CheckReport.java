package carport.export;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of checking an export offline.
 *
 * @param problems every check that failed, one line each (empty if the export is intact)
 * @param recordedFailures failures the export itself recorded in {@code _export.json} (a blob the PDS
 *     did not have, ...): the files are intact, but the export is not complete
 * @param notes what was checked how, and anything unusual that is not a failure
 * @param key the did:key that verified the commit signature, or null
 */
public record CheckReport(Path dir, String did, String rev, String commit, long records, long blobs, String key,
        List<String> problems, List<Failure> recordedFailures, List<String> notes) {
    public CheckReport {
        Objects.requireNonNull(dir, "dir");
        problems = List.copyOf(problems);
        recordedFailures = List.copyOf(recordedFailures);
        notes = List.copyOf(notes);
    }

    /** True if every file checked out. */
    public boolean intact() {
        return problems.isEmpty();
    }

    /** True if every file checked out and the export recorded no failures. */
    public boolean ok() {
        return problems.isEmpty() && recordedFailures.isEmpty();
    }

    public String toJsonLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir", dir.toString());
        m.put("did", did);
        m.put("rev", rev);
        m.put("commit", commit);
        m.put("records", records);
        m.put("blobs", blobs);
        m.put("key", key);
        m.put("ok", ok());
        m.put("problems", List.copyOf(problems));
        List<Object> f = new java.util.ArrayList<>();
        for (Failure x : recordedFailures) {
            f.add(x.toMap());
        }
        m.put("recordedFailures", f);
        m.put("notes", List.copyOf(notes));
        return Json.line(m);
    }
}
