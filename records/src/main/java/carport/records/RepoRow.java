package carport.records;

import java.util.List;

/**
 * One row of the repos table: what became of one input. Bad inputs have a row too, with {@code problem}
 * saying why (their records are not in the records table).
 *
 * @param path the input as given (a file or folder path, or the name a caller gave a CAR in memory)
 * @param did the commit's DID, or null if the CAR could not be read that far
 * @param rev the commit's rev, or null
 * @param commit the commit CID, or null
 * @param records rows handed to the sink (0 for a bad input)
 * @param blocks distinct blocks in the CAR
 * @param bytes size of the CAR in bytes
 * @param verified true if every check asked for passed and the commit signature was checked and valid
 * @param problem null if the input is good; else the first problem, one line (more in {@code problems})
 * @param problems the problems found, at most {@link ReadOptions#maxProblems()} lines
 */
public record RepoRow(String path, String did, String rev, String commit, long records, long blocks, long bytes,
        boolean verified, String problem, List<String> problems) {
    public RepoRow {
        problems = List.copyOf(problems);
    }

    /** The input is good: its rows were handed out. */
    public boolean ok() {
        return problem == null;
    }
}
