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

    /** Verifies an opened repository. */
    public static VerifyReport verify(RepoReader reader, Options options) {
        CarFile car = reader.car();
        Commit commit = reader.commit();
        RepoScan scan = new RepoScan(car, true, options.maxProblems(), options.threads());
        List<String> notes = new ArrayList<>();
        List<String> commitProblems = new ArrayList<>();

        if (car.roots().size() > 1) {
            notes.add("the CAR names " + car.roots().size() + " roots; only the first (the commit) is used");
        }
        if (options.expectedDid() != null && !options.expectedDid().equals(commit.did())) {
            commitProblems.add("commit is for " + commit.did() + ", expected " + options.expectedDid());
        }
        if (commit.rev() != null && !Tid.isValid(commit.rev())) {
            commitProblems.add("commit " + commit.cid() + ": rev \"" + clip(commit.rev()) + "\" is not a valid TID");
        }
        if (commit.version() == 3 && !commit.hasPrevField()) {
            commitProblems.add("commit " + commit.cid() + " has no prev field (version 3 requires it, even if null)");
        }
        // The signature check (cold elliptic-curve code, tens of milliseconds in a one-shot run) runs
        // beside the walk when there are threads to spare.
        FutureTask<SignatureCheck> sigTask = null;
        if (options.key() == null) {
            notes.add("signature not checked: no key given");
        } else {
            sigTask = new FutureTask<>(() -> commit.checkSignature(options.key()));
            if (options.threads() > 1) {
                Thread t = new Thread(sigTask, "carport-signature");
                t.setDaemon(true);
                t.start();
            } else {
                sigTask.run();
            }
        }
        // Every block the walk reads is checked against its CID as it is read (records on the checker
        // threads, in the same pass that decodes them), so hashing all blocks up front would read most of the
        // file twice. verifyAll afterwards hashes only the blocks the walk did not reach; its findings
        // still come first in the report.
        scan.run(commit, new MstWalker.Options(true, new RepoKeys()::check));
        List<CorruptBlock> corrupt = car.verifyAll(options.threads());
        SignatureCheck sig = null;
        if (sigTask != null) {
            sig = Tasks.join(sigTask, "checking the signature");
            if (!sig.isValid()) {
                commitProblems.add("commit " + commit.cid() + ": " + sig.describe() + " (key "
                        + options.key().toDidKey() + ")");
            }
        }

        List<String> problems = new ArrayList<>();
        long problemCount = 0;
        List<String> early = new ArrayList<>();
        for (CorruptBlock b : corrupt) {
            early.add(b.describe());
        }
        early.addAll(commitProblems);
        for (String p : early) {
            problemCount++;
            if (problems.size() < options.maxProblems()) {
                problems.add(RepoException.oneLine(p));
            }
        }
        for (String p : scan.problems) {
            if (problems.size() < options.maxProblems()) {
                problems.add(p);
            }
        }
        problemCount += scan.problemCount;

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
