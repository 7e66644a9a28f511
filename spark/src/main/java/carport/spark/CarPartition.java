package carport.spark;

import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/** One task's inputs: one CAR, or several small ones grouped (as Spark's file sources group small files). */
record CarPartition(List<InputFile> inputs) implements InputPartition {
    private static final long serialVersionUID = 1L;

    CarPartition {
        inputs = List.copyOf(inputs);
    }

    long bytes() {
        return inputs.stream().mapToLong(InputFile::length).sum();
    }
}
