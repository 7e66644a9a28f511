package carport.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/** Lists the inputs on the driver and groups them into partitions: one per CAR, small CARs together. */
final class AtprotoScan implements Scan, Batch {
    private final SourceOptions options;
    private final StructType required;
    private final List<String> collections;
    private final List<String> dids;
    private final Configuration conf;

    AtprotoScan(SourceOptions options, StructType required, List<String> collections, List<String> dids) {
        this.options = options;
        this.required = required;
        this.collections = collections;
        this.dids = dids;
        SparkSession spark = SparkSession.active();
        this.conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        options.hadoop().forEach(conf::set);
    }

    @Override
    public StructType readSchema() {
        return required;
    }

    @Override
    public String description() {
        return "atproto " + options.table().optionValue() + " " + options.paths()
                + (collections == null ? "" : " collections=" + collections)
                + (dids == null ? "" : " dids=" + dids)
                + " verify=" + options.verify() + " signature=" + options.signature().name().toLowerCase()
                + " mode=" + options.mode();
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        if ((collections != null && collections.isEmpty()) || (dids != null && dids.isEmpty())) {
            return new InputPartition[0]; // contradictory filters: no record can match
        }
        List<InputFile> inputs;
        try {
            inputs = Inputs.list(conf, options.requirePaths());
        } catch (IOException e) {
            throw new UncheckedIOException("atproto: " + e.getMessage(), e);
        }
        int parallelism = SparkSession.active().sparkContext().defaultParallelism();
        return pack(inputs, options.maxPartitionBytes(), options.openCostInBytes(), parallelism)
                .toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new AtprotoReaderFactory(options, required, collections, dids, new HadoopConf(conf));
    }

    /**
     * Groups inputs as Spark's file sources group files: largest first, each partition filled up to a split
     * size of {@code min(maxPartitionBytes, max(openCost, totalBytes / parallelism))}, every input counted
     * with {@code openCost} added. An input larger than the split size is a partition of its own (a CAR is
     * never split).
     */
    static List<CarPartition> pack(List<InputFile> inputs, long maxPartitionBytes, long openCost, int parallelism) {
        long total = 0;
        for (InputFile f : inputs) {
            total += f.length() + openCost;
        }
        long split = Math.min(maxPartitionBytes, Math.max(openCost, total / Math.max(1, parallelism)));
        List<InputFile> sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparingLong(InputFile::length).reversed().thenComparing(InputFile::path));
        List<CarPartition> out = new ArrayList<>();
        List<InputFile> current = new ArrayList<>();
        long size = 0;
        for (InputFile f : sorted) {
            if (!current.isEmpty() && size + f.length() > split) {
                out.add(new CarPartition(current));
                current = new ArrayList<>();
                size = 0;
            }
            current.add(f);
            size += f.length() + openCost;
        }
        if (!current.isEmpty()) {
            out.add(new CarPartition(current));
        }
        return out;
    }
}
