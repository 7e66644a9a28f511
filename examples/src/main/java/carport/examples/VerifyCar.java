package carport.examples;

import carport.core.crypto.VerifyingKey;
import carport.core.repo.Repository;
import carport.core.repo.VerifyReport;
import java.io.IOException;
import java.nio.file.Path;

/** Verifies a repository CAR: every block, the MST, every record and, given the account's key, the signature. */
public final class VerifyCar {
    private VerifyCar() {}

    /** {@code VerifyCar FILE.car [did:key:...]}; exit 0 if every check passed, 1 if not. */
    public static void main(String[] args) throws IOException {
        VerifyReport report = verify(Path.of(args[0]), args.length > 1 ? args[1] : null);
        System.exit(report.ok() ? 0 : 1);
    }

    static VerifyReport verify(Path car, String didKey) throws IOException {
        // begin README verify
        try (Repository repo = Repository.open(car)) {
            VerifyReport report = didKey == null ? repo.verify() : repo.verify(VerifyingKey.fromDidKey(didKey));
            System.out.println(repo.did() + " rev " + repo.rev() + ": " + (report.ok() ? "OK" : "FAILED"));
            report.problems().forEach(p -> System.out.println("  " + p));
            return report;
        }
        // end README verify
    }
}
