package carport.spark;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The records or repos table over the paths of one {@link SourceOptions}. */
final class AtprotoTable implements SupportsRead {
    private final SourceOptions options;

    AtprotoTable(SourceOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "atproto " + options.table().optionValue() + " " + String.join(",", options.paths());
    }

    @Override
    public StructType schema() {
        return options.table().schema();
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
        // Options given to the read (spark.read.option) come through here as well as through the table's
        // properties; for a catalog table (CREATE TABLE ... OPTIONS) the read may add its own.
        return new AtprotoScanBuilder(options.overriddenBy(scanOptions));
    }
}
