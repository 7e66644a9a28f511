package carport.spark;

import carport.records.ReadOptions;
import carport.records.RecordColumn;
import carport.records.RecordRow;
import carport.records.RecordsInput;
import carport.records.RecordsReader;
import carport.records.RepoRow;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.unsafe.types.UTF8String;

/** The records of one partition's inputs, one input after the other, built by the shared row code. */
final class RecordsPartitionReader implements PartitionReader<InternalRow> {
    private final PartitionInputs inputs;
    private final ReadOptions readOptions;
    private final RecordColumn[] columns;
    private final Set<String> dids; // null: every DID
    private RowPump<RepoRow> pump;
    private InternalRow current;

    RecordsPartitionReader(CarPartition partition, SourceOptions options, ReadOptions readOptions,
            Configuration conf, RecordColumn[] columns, Set<String> dids) {
        this.inputs = new PartitionInputs(partition, options, conf);
        this.readOptions = readOptions;
        this.columns = columns;
        this.dids = dids;
    }

    @Override
    public boolean next() {
        try {
            while (true) {
                if (pump == null) {
                    RecordsInput in = inputs.next();
                    if (in == null) {
                        return false;
                    }
                    if (dids != null) {
                        String did = PartitionInputs.commitDid(in);
                        if (did != null && !dids.contains(did)) {
                            continue; // another repository: the did filter skips it unread
                        }
                    }
                    pump = new RowPump<>("carport-records " + in.name(),
                            sink -> RecordsReader.read(in, readOptions, sink));
                }
                RecordRow r = pump.next();
                if (r != null) {
                    current = row(r);
                    return true;
                }
                RepoRow done = pump.result();
                pump = null;
                inputs.finish(done); // FAILFAST throws here
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("atproto: the task was interrupted", e);
        }
    }

    private InternalRow row(RecordRow r) {
        Object[] v = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            v[i] = switch (columns[i]) {
                case DID -> str(r.did());
                case COLLECTION -> str(r.collection());
                case RKEY -> str(r.rkey());
                case URI -> str(r.uri());
                case CID -> str(r.cid());
                case REV -> str(r.rev());
                case TYPE -> str(r.type());
                case CREATED_AT -> r.createdAtMicros();
                case RECORD -> r.recordJson() == null ? null : UTF8String.fromBytes(r.recordJson());
                case SIZE -> r.size();
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
        if (pump != null) {
            pump.close();
            pump = null;
        }
        inputs.close();
    }
}
