package carport.spark;

import carport.records.ReadOptions;
import carport.records.RecordColumn;
import carport.records.Signature;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Sent to the executors: builds each partition's reader for the table and columns asked for. */
final class AtprotoReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    private final SourceOptions options;
    private final StructType required;
    private final List<String> collections;
    private final List<String> dids;
    private final HadoopConf conf;

    AtprotoReaderFactory(SourceOptions options, StructType required, List<String> collections, List<String> dids,
            HadoopConf conf) {
        this.options = options;
        this.required = required;
        this.collections = collections;
        this.dids = dids;
        this.conf = conf;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        CarPartition p = (CarPartition) partition;
        if (options.table() == TableKind.REPOS) {
            return new ReposPartitionReader(p, options, readOptions(EnumSet.noneOf(RecordColumn.class)), conf.get(), required);
        }
        RecordColumn[] columns = new RecordColumn[required.fields().length];
        Set<RecordColumn> wanted = EnumSet.noneOf(RecordColumn.class);
        StructField[] fields = required.fields();
        for (int i = 0; i < fields.length; i++) {
            columns[i] = RecordColumn.named(fields[i].name());
            wanted.add(columns[i]);
        }
        return new RecordsPartitionReader(p, options, readOptions(wanted), conf.get(), columns,
                dids == null ? null : Set.copyOf(dids));
    }

    private ReadOptions readOptions(Set<RecordColumn> columns) {
        TaskContext task = TaskContext.get();
        int threads = task == null ? 1 : Math.max(1, task.cpus());
        return ReadOptions.defaults()
                .withVerify(options.verify())
                .withSignature(options.signature() == SourceOptions.SignatureMode.NONE
                        ? Signature.none() : Signature.exportOnly())
                .withFullVerify(options.fullVerify())
                .withCollections(collections == null ? List.of() : collections)
                .withColumns(columns)
                .withThreads(threads);
    }
}
