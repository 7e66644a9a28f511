package carport.spark;

import carport.core.syntax.Nsid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.types.StructType;

/**
 * Column pruning and filter push-down. Of the records table's filters, {@code collection = x} and
 * {@code collection IN (...)} make each CAR walk only those key ranges of its MST; {@code did = x} and
 * {@code did IN (...)} skip repositories of other DIDs after reading their commit (a collection value that is
 * no NSID is left to Spark: it names no key range to walk). Every filter is also
 * handed back to Spark to evaluate on the rows, so a filter this source reads only in part stays exact.
 */
final class AtprotoScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters {
    private final SourceOptions options;
    private StructType required;
    private List<String> collections; // null: all
    private List<String> dids; // null: all
    private Filter[] pushed = new Filter[0];

    AtprotoScanBuilder(SourceOptions options) {
        this.options = options;
        this.required = options.table().schema();
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        this.required = requiredSchema;
    }

    @Override
    public Filter[] pushFilters(Filter[] filters) {
        List<Filter> used = new ArrayList<>();
        if (options.table() == TableKind.RECORDS) {
            for (Filter f : filters) {
                List<String> values = stringValues(f, "collection");
                if (values != null && values.stream().allMatch(Nsid::isValid)) {
                    collections = intersect(collections, values);
                    used.add(f);
                    continue;
                }
                values = stringValues(f, "did");
                if (values != null) {
                    dids = intersect(dids, values);
                    used.add(f);
                }
            }
        }
        pushed = used.toArray(new Filter[0]);
        return filters;
    }

    @Override
    public Filter[] pushedFilters() {
        return pushed.clone();
    }

    @Override
    public Scan build() {
        return new AtprotoScan(options, required, collections, dids);
    }

    /** The values an equality or IN filter on this column admits, or null if the filter is of another kind. */
    static List<String> stringValues(Filter f, String column) {
        if (f instanceof EqualTo eq && eq.attribute().equals(column) && eq.value() instanceof String s) {
            return List.of(s);
        }
        if (f instanceof In in && in.attribute().equals(column)
                && Arrays.stream(in.values()).allMatch(v -> v instanceof String)) {
            return Arrays.stream(in.values()).map(v -> (String) v).toList();
        }
        return null;
    }

    private static List<String> intersect(List<String> current, List<String> values) {
        TreeSet<String> s = new TreeSet<>(values);
        if (current != null) {
            s.retainAll(current);
        }
        return List.copyOf(s);
    }
}
