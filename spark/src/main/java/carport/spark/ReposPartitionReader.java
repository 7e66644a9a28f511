package carport.spark;

import carport.records.ReadOptions;
import carport.records.RecordsInput;
import carport.records.RecordsReader;
import carport.records.RepoRow;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/** The repos table: each input read and checked as for the records table (rows counted, not built). */
final class ReposPartitionReader implements PartitionReader<InternalRow> {
    private final PartitionInputs inputs;
    private final SourceOptions options;
    private final ReadOptions readOptions;
    private final StructField[] fields;
    private InternalRow current;

    ReposPartitionReader(CarPartition partition, SourceOptions options, ReadOptions readOptions, Configuration conf,
            StructType required) {
        this.inputs = new PartitionInputs(partition, options, conf);
        this.options = options;
        this.readOptions = readOptions;
        this.fields = required.fields();
    }

    @Override
    public boolean next() {
        RecordsInput in;
        while ((in = inputs.next()) != null) {
            RepoRow r = inputs.finish(RecordsReader.read(in, readOptions, row -> {}));
            if (r.ok() || options.mode() == SourceOptions.Mode.PERMISSIVE) {
                current = row(r);
                return true;
            }
        }
        return false;
    }

    private InternalRow row(RepoRow r) {
        Object[] v = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            v[i] = switch (fields[i].name()) {
                case "path" -> str(r.path());
                case "did" -> str(r.did());
                case "rev" -> str(r.rev());
                case "commit" -> str(r.commit());
                case "records" -> r.records();
                case "blocks" -> r.blocks();
                case "bytes" -> r.bytes();
                case "verified" -> r.verified();
                case "problem" -> str(r.problem());
                default -> throw new IllegalStateException("no repos column " + fields[i].name());
            };
        }
        return new GenericInternalRow(v);
    }

    private static UTF8String str(String s) {
        return s == null ? null : UTF8String.fromString(s);
    }

    @Override
    public InternalRow get() {
        return current;
    }

    @Override
    public void close() {
        inputs.close();
    }
}
