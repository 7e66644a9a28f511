package carport.records;

import carport.core.syntax.Nsid;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link RecordsReader} checks and builds.
 *
 * @param verify check the input before handing out any row (default); false reads leniently (blocks are still
 *     checked against their CIDs as they are read) and never marks a row verified
 * @param signature how commit signatures are checked
 * @param fullVerify with a collection filter, verify the whole tree as {@code carport verify} does as well
 * @param collections NSIDs to read (sorted, distinct); empty for all. Only those key ranges of the MST are
 *     walked: the signature and every block on the paths into and within them are still checked.
 * @param columns the columns to build; the others are null in the rows ({@code record} is the costly one)
 * @param threads threads the full verification may use
 * @param maxProblems problem lines kept per input
 */
public record ReadOptions(boolean verify, Signature signature, boolean fullVerify, List<String> collections,
        Set<RecordColumn> columns, int threads, int maxProblems) {
    public ReadOptions {
        Objects.requireNonNull(signature, "signature");
        TreeSet<String> sorted = new TreeSet<>();
        for (String c : collections) {
            if (!Nsid.isValid(c)) {
                throw new IllegalArgumentException("collection \"" + c + "\" is not a valid NSID");
            }
            sorted.add(c);
        }
        collections = List.copyOf(sorted);
        columns = columns.isEmpty() ? EnumSet.noneOf(RecordColumn.class) : EnumSet.copyOf(columns);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (maxProblems < 1) {
            throw new IllegalArgumentException("maxProblems must be at least 1");
        }
    }

    /** Verify fully, export folders with their own identity files, bare CARs refused, all rows and columns. */
    public static ReadOptions defaults() {
        return new ReadOptions(true, Signature.exportOnly(), false, List.of(), RecordColumn.all(),
                Runtime.getRuntime().availableProcessors(), 100);
    }

    public ReadOptions withVerify(boolean v) {
        return new ReadOptions(v, signature, fullVerify, collections, columns, threads, maxProblems);
    }

    public ReadOptions withSignature(Signature s) {
        return new ReadOptions(verify, s, fullVerify, collections, columns, threads, maxProblems);
    }

    public ReadOptions withFullVerify(boolean v) {
        return new ReadOptions(verify, signature, v, collections, columns, threads, maxProblems);
    }

    public ReadOptions withCollections(List<String> c) {
        return new ReadOptions(verify, signature, fullVerify, c, columns, threads, maxProblems);
    }

    public ReadOptions withColumns(Set<RecordColumn> c) {
        return new ReadOptions(verify, signature, fullVerify, collections, c, threads, maxProblems);
    }

    public ReadOptions withThreads(int n) {
        return new ReadOptions(verify, signature, fullVerify, collections, columns, n, maxProblems);
    }

    public ReadOptions withMaxProblems(int n) {
        return new ReadOptions(verify, signature, fullVerify, collections, columns, threads, n);
    }
}
