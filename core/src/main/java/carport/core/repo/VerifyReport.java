package carport.core.repo;

import carport.core.crypto.SignatureCheck;
import java.util.List;

/**
 * The outcome of {@link RepoVerifier#verify}: every failed check as one line (at most
 * {@link RepoVerifier.Options#maxProblems()} are kept; {@link #problemCount()} counts all), notes on what
 * was not checked or is merely unusual, and the repository summary.
 *
 * @param summary what the repository holds; null if the commit could not be read
 * @param signature result of the signature check, or null if it was not checked
 */
public record VerifyReport(RepoSummary summary, List<String> problems, long problemCount, List<String> notes,
        SignatureCheck signature) {
    public VerifyReport {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** True if no check failed (notes do not count). */
    public boolean ok() {
        return problemCount == 0;
    }
}
