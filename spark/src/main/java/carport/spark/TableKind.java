package carport.spark;

import carport.records.RecordColumn;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The two tables of the source: {@code records} (default) and {@code repos} ({@code option("table", "repos")}). */
enum TableKind {
    /** One row per record: the columns of {@code carport records} ({@link RecordColumn}, docs/records.md). */
    RECORDS,
    /** One row per input (CAR or export folder), bad ones included, saying what became of it. */
    REPOS;

    private static final StructType RECORDS_SCHEMA = recordsSchema();
    private static final StructType REPOS_SCHEMA = new StructType(new StructField[] {
        field("path", DataTypes.StringType),
        field("did", DataTypes.StringType),
        field("rev", DataTypes.StringType),
        field("commit", DataTypes.StringType),
        field("records", DataTypes.LongType),
        field("blocks", DataTypes.LongType),
        field("bytes", DataTypes.LongType),
        field("verified", DataTypes.BooleanType),
        field("problem", DataTypes.StringType),
    });

    StructType schema() {
        return this == RECORDS ? RECORDS_SCHEMA : REPOS_SCHEMA;
    }

    String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TableKind named(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "records" -> RECORDS;
            case "repos" -> REPOS;
            default -> throw new IllegalArgumentException("option table: \"" + v + "\" is not one of records, repos");
        };
    }

    /** The Spark type of a records column. */
    static DataType sparkType(RecordColumn c) {
        return switch (c.kind()) {
            case STRING, JSON -> DataTypes.StringType;
            case TIMESTAMP_MICROS_UTC -> DataTypes.TimestampType;
            case INT32 -> DataTypes.IntegerType;
        };
    }

    private static StructType recordsSchema() {
        RecordColumn[] cols = RecordColumn.values();
        StructField[] f = new StructField[cols.length];
        for (int i = 0; i < cols.length; i++) {
            f[i] = field(cols[i].columnName(), sparkType(cols[i]));
        }
        return new StructType(f);
    }

    private static StructField field(String name, DataType t) {
        return DataTypes.createStructField(name, t, true);
    }
}
