package carport.core.repo;

import carport.core.mst.MstWalker;

/**
 * Summarises a repository: commit fields, record counts per collection, blocks. Tolerant: missing
 * blocks are counted, not fatal, and the tree is walked without the structure checks (key order
 * still applies). Use {@link RepoVerifier} to check it.
 */
public final class RepoInspector {
    private RepoInspector() {}

    public static RepoSummary inspect(RepoReader reader) {
        RepoScan scan = new RepoScan(reader.car(), false, 0, 1);
        scan.run(reader.commit(), MstWalker.Options.LENIENT);
        return scan.summary(reader.commit());
    }
}
