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
import java.util.concurrent.FutureTask;

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
    public record Options(VerifyingKey key, Did expectedDid, int threads, int maxProblems) {
        public static Options defaults() {
            return new Options(null, null, Runtime.getRuntime().availableProcessors(), 1000);
        }

        public Options withKey(VerifyingKey k) {
            return new Options(k, expectedDid, threads, maxProblems);
        }

        public Options withExpectedDid(Did did) {
            return new Options(key, did, threads, maxProblems);
        }

        public Options withThreads(int n) {
            return new Options(key, expectedDid, n, maxProblems);
        }
    }

    private RepoVerifier() {}

    /**
     * Verifies an opened repository: checks the commit's fields, starts the signature check, walks
     * the tree (hashing each block as it is read, then the blocks the walk did not reach), and
     * reports what each step found.
     */
    public static VerifyReport verify(RepoReader reader, Options options) {
        CarFile car = reader.car();
        Commit commit = reader.commit();
        RepoScan scan = new RepoScan(car, true, options.maxProblems(), options.threads());
        List<String> notes = new ArrayList<>();
        if (car.roots().size() > 1) {
            notes.add("the CAR names " + car.roots().size() + " roots; only the first (the commit) is used");
        }
        List<String> commitProblems = checkCommitFields(commit, options.expectedDid());
        FutureTask<SignatureCheck> signature = startSignatureCheck(commit, options, notes);
        List<CorruptBlock> corrupt = walkAndHash(car, commit, scan, options.threads());
        SignatureCheck sig = finishSignatureCheck(signature, commit, options.key(), commitProblems);
        return report(scan, commit, corrupt, commitProblems, sig, notes, options.maxProblems());
    }

    /** The commit's own fields: the DID it names, its rev, the prev field version 3 requires. */
    private static List<String> checkCommitFields(Commit commit, Did expectedDid) {
        List<String> problems = new ArrayList<>();
        if (expectedDid != null && !expectedDid.equals(commit.did())) {
            problems.add("commit is for " + commit.did() + ", expected " + expectedDid);
        }
        if (commit.rev() != null && !Tid.isValid(commit.rev())) {
            problems.add("commit " + commit.cid() + ": rev \"" + clip(commit.rev()) + "\" is not a valid TID");
        }
        if (commit.version() == 3 && !commit.hasPrevField()) {
            problems.add("commit " + commit.cid() + " has no prev field (version 3 requires it, even if null)");
        }
        return problems;
    }

    /**
     * Starts checking the commit's signature, or notes that there is no key to check it with (then
     * null). The check (cold elliptic-curve code, tens of milliseconds in a one-shot run) runs
     * beside the walk when there are threads to spare, else here and now.
     */
    private static FutureTask<SignatureCheck> startSignatureCheck(Commit commit, Options options, List<String> notes) {
        if (options.key() == null) {
            notes.add("signature not checked: no key given");
            return null;
        }
        FutureTask<SignatureCheck> task = new FutureTask<>(() -> commit.checkSignature(options.key()));
        if (options.threads() > 1) {
            Thread t = new Thread(task, "carport-signature");
            t.setDaemon(true);
            t.start();
        } else {
            task.run();
        }
        return task;
    }

    /**
     * Walks the MST and checks every node and record, then hashes the blocks the walk did not reach.
     * Every block the walk reads is checked against its CID as it is read (records on the checker
     * threads, in the same pass that decodes them), so hashing all blocks up front would read most
     * of the file twice.
     *
     * @return the blocks whose bytes do not match their CID, found by either pass
     */
    private static List<CorruptBlock> walkAndHash(CarFile car, Commit commit, RepoScan scan, int threads) {
        scan.run(commit, new MstWalker.Options(true, new RepoKeys()::check));
        return car.verifyAll(threads);
    }

    /** Waits for the signature check and adds a problem if it failed; null when none was started. */
    private static SignatureCheck finishSignatureCheck(FutureTask<SignatureCheck> task, Commit commit,
            VerifyingKey key, List<String> commitProblems) {
        if (task == null) {
            return null;
        }
        SignatureCheck sig = Tasks.join(task, "checking the signature");
        if (!sig.isValid()) {
            commitProblems.add("commit " + commit.cid() + ": " + sig.describe() + " (key " + key.toDidKey() + ")");
        }
        return sig;
    }

    /**
     * Puts the findings in report order (corrupt blocks, then the commit's problems, then the walk's)
     * keeping at most {@code maxProblems} lines but counting all, and adds the notes the summary calls for.
     */
    private static VerifyReport report(RepoScan scan, Commit commit, List<CorruptBlock> corrupt,
            List<String> commitProblems, SignatureCheck sig, List<String> notes, int maxProblems) {
        List<String> problems = new ArrayList<>();
        for (CorruptBlock b : corrupt) {
            if (problems.size() < maxProblems) {
                problems.add(RepoException.oneLine(b.describe()));
            }
        }
        for (String p : commitProblems) {
            if (problems.size() < maxProblems) {
                problems.add(RepoException.oneLine(p));
            }
        }
        for (String p : scan.problems) { // already one line each
            if (problems.size() < maxProblems) {
                problems.add(p);
            }
        }
        long problemCount = corrupt.size() + commitProblems.size() + scan.problemCount;

        RepoSummary summary = scan.summary(commit);
        if (summary.unreachableBlocks() > 0) {
            notes.add(summary.unreachableBlocks() + " blocks are not reachable from the commit (ignored)");
        }
        if (summary.duplicateSections() > 0) {
            notes.add(summary.duplicateSections() + " sections repeat an earlier block");
        }
        if (problemCount > problems.size()) {
            notes.add((problemCount - problems.size()) + " more problems not listed");
        }
        return new VerifyReport(summary, problems, problemCount, notes, sig);
    }

    private static String clip(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 100 ? oneLine.substring(0, 97) + "..." : oneLine;
    }
}
