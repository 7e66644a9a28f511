package carport.core.repo;

import carport.core.car.CarFile;
import carport.core.car.CorruptBlock;
import carport.core.crypto.SignatureCheck;
import carport.core.crypto.VerifyingKey;
import carport.core.mst.MstWalker;
import carport.core.syntax.Did;
import carport.core.syntax.Tid;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a repository CAR completely and reports every failure instead of stopping at the first:
 * every block against its CID, the commit (shape, expected DID, signature), the MST (key order,
 * layers, prefix compression, empty nodes, repo-path keys, missing nodes) and every record block
 * (present, strict DAG-CBOR map).
 */
public final class RepoVerifier {
    /**
     * @param key the account's signing key; null to skip the signature check (a note says so)
     * @param expectedDid the DID the commit must name; null to accept any
     * @param threads threads for hashing blocks (1 = single-threaded)
     * @param maxProblems problem lines kept in the report (all are counted)
     */
    public record Options(VerifyingKey key, String expectedDid, int threads, int maxProblems) {
        public static Options defaults() {
            return new Options(null, null, Runtime.getRuntime().availableProcessors(), 1000);
        }

        public Options withKey(VerifyingKey k) {
            return new Options(k, expectedDid, threads, maxProblems);
        }

        public Options withExpectedDid(String did) {
            return new Options(key, did, threads, maxProblems);
        }

        public Options withThreads(int n) {
            return new Options(key, expectedDid, n, maxProblems);
        }
    }

    private RepoVerifier() {}

    /** Verifies an opened repository. */
    public static VerifyReport verify(RepoReader reader, Options options) {
        CarFile car = reader.car();
        Commit commit = reader.commit();
        RepoScan scan = new RepoScan(car, true, options.maxProblems(), options.threads());
        List<String> notes = new ArrayList<>();

        for (CorruptBlock b : car.verifyAll(options.threads())) {
            scan.problem0(b.describe());
        }
        if (car.roots().size() > 1) {
            notes.add("the CAR names " + car.roots().size() + " roots; only the first (the commit) is used");
        }
        if (options.expectedDid() != null && !options.expectedDid().equals(commit.did())) {
            scan.problem0("commit is for " + clip(commit.did()) + ", expected " + options.expectedDid());
        }
        if (!Did.isValid(commit.did())) {
            scan.problem0("commit " + commit.cid() + ": did \"" + clip(commit.did()) + "\" is not a valid DID");
        }
        if (commit.rev() != null && !Tid.isValid(commit.rev())) {
            scan.problem0("commit " + commit.cid() + ": rev \"" + clip(commit.rev()) + "\" is not a valid TID");
        }
        if (commit.version() == 3 && !commit.hasPrevField()) {
            scan.problem0("commit " + commit.cid() + " has no prev field (version 3 requires it, even if null)");
        }
        SignatureCheck sig = null;
        if (options.key() == null) {
            notes.add("signature not checked: no key given");
        } else {
            sig = commit.checkSignature(options.key());
            if (!sig.isValid()) {
                scan.problem0("commit " + commit.cid() + ": " + sig.describe() + " (key " + options.key().toDidKey() + ")");
            }
        }
        scan.run(commit, new MstWalker.Options(true, new RepoKeys()));
        RepoSummary summary = scan.summary(commit);
        if (summary.unreachableBlocks() > 0) {
            notes.add(summary.unreachableBlocks() + " blocks are not reachable from the commit (ignored)");
        }
        if (summary.duplicateSections() > 0) {
            notes.add(summary.duplicateSections() + " sections repeat an earlier block");
        }
        if (scan.problemCount > scan.problems.size()) {
            notes.add((scan.problemCount - scan.problems.size()) + " more problems not listed");
        }
        return new VerifyReport(summary, scan.problems, scan.problemCount, notes, sig);
    }

    private static String clip(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 100 ? oneLine.substring(0, 97) + "..." : oneLine;
    }
}
