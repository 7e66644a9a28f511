package carport.spark;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The Spark data source {@code atproto}: repository CARs and carport export folders as tables.
 *
 * <pre>
 * spark.read.format("atproto").load("s3a://bucket/cars/")                  // records
 * spark.read.format("atproto").option("table", "repos").load(path)         // one row per repository
 * CREATE TABLE t USING atproto OPTIONS (path '/data/cars')
 * </pre>
 *
 * Options ({@link SourceOptions}): {@code path}/{@code paths}, {@code table} ({@code records}|{@code repos}),
 * {@code verify}, {@code signature} ({@code export}|{@code none}), {@code mode}
 * ({@code PERMISSIVE}|{@code DROPMALFORMED}|{@code FAILFAST}), {@code maxPartitionBytes},
 * {@code openCostInBytes}. docs/spark.md is the runbook.
 */
public final class AtprotoSource implements TableProvider, DataSourceRegister {
    public static final String SHORT_NAME = "atproto";

    @Override
    public String shortName() {
        return SHORT_NAME;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return SourceOptions.parse(options).table().schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        SourceOptions o = SourceOptions.parse(new CaseInsensitiveStringMap(properties));
        StructType own = o.table().schema();
        if (schema != null && !schema.equals(own)) {
            throw new IllegalArgumentException("the atproto source has a fixed schema; leave the schema out (the "
                    + o.table().optionValue() + " table's is " + own.simpleString() + ")");
        }
        return new AtprotoTable(o);
    }
}
