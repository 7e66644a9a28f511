package carport.spark;

import carport.core.car.CarFile;
import carport.core.cid.Cid;
import carport.core.repo.Commit;
import carport.records.ExportFiles;
import carport.records.RecordsInput;
import carport.records.RepoRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Steps through one partition's inputs: makes each readable locally, and applies the {@code mode} to bad ones. */
final class PartitionInputs implements AutoCloseable {
    private final Iterator<InputFile> inputs;
    private final SourceOptions options;
    private final Configuration conf;
    private InputFile file;
    private LocalInput local;

    PartitionInputs(CarPartition partition, SourceOptions options, Configuration conf) {
        this.inputs = partition.inputs().iterator();
        this.options = options;
        this.conf = conf;
    }

    /** Opens the next input (closing the one before), or returns null at the end. */
    RecordsInput next() {
        closeCurrent();
        if (!inputs.hasNext()) {
            return null;
        }
        file = inputs.next();
        try {
            local = LocalInput.open(file, conf);
        } catch (IOException e) {
            throw new UncheckedIOException("atproto: cannot read " + file.path() + ": " + e.getMessage(), e);
        }
        return local.input();
    }

    /**
     * The reader's result for the current input under its Hadoop path (the reader saw a local one); throws
     * in FAILFAST mode if the input is bad.
     */
    RepoRow finish(RepoRow r) {
        String local = this.local.localName();
        String problem = r.problem() == null ? null : r.problem().replace(local, file.path());
        List<String> problems = r.problems().stream().map(s -> s.replace(local, file.path())).toList();
        RepoRow row = new RepoRow(file.path(), r.did(), r.rev(), r.commit(), r.records(), r.blocks(), r.bytes(),
                r.verified(), problem, problems);
        if (!row.ok() && options.mode() == SourceOptions.Mode.FAILFAST) {
            throw new IllegalStateException("atproto: " + file.path() + ": " + problem
                    + " (mode FAILFAST; PERMISSIVE, the default, reports bad inputs in the repos table instead)");
        }
        return row;
    }

    /** The DID the input's commit names, or null if it cannot be read that far (the reader will say why). */
    static String commitDid(RecordsInput in) {
        try {
            CarFile car;
            if (in instanceof RecordsInput.CarFile f) {
                car = CarFile.open(f.path());
            } else if (in instanceof RecordsInput.CarBytes b) {
                car = CarFile.fromBytes(b.bytes());
            } else if (in instanceof RecordsInput.ExportFolder e) {
                car = CarFile.open(e.dir().resolve(ExportFiles.REPO));
            } else {
                return null;
            }
            try (car) {
                Cid root = car.roots().get(0);
                return Commit.decode(root, car.get(root)).did().toString();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void closeCurrent() {
        if (local != null) {
            local.close();
            local = null;
        }
    }

    @Override
    public void close() {
        closeCurrent();
    }
}
