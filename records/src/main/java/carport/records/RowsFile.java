package carport.records;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * A new file of rows, filled one input at a time through {@link RecordsReader#read} (a bad input adds no rows).
 * What writing throws (an {@link UncheckedIOException} when the disk is full) is passed through.
 */
public final class RowsFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final OutputStream out;
    private final RowWriter writer;
    private final boolean durable;

    /** Creates {@code file} (it must not exist) with rows written by {@code format}; closing syncs it to the disk. */
    public RowsFile(Path file, Function<OutputStream, RowWriter> format) throws IOException {
        this(file, format, true, StandardOpenOption.CREATE_NEW);
    }

    private RowsFile(Path file, Function<OutputStream, RowWriter> format, boolean durable, StandardOpenOption how)
            throws IOException {
        path = file;
        channel = FileChannel.open(file, how, StandardOpenOption.WRITE);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
        writer = format.apply(out);
        this.durable = durable;
    }

    /**
     * Creates {@code file} (it must not exist), not synced when closed: for rows read back and deleted by the same
     * process, where a sync would only wait for the disk.
     */
    public static RowsFile scratch(Path file, Function<OutputStream, RowWriter> format) throws IOException {
        return new RowsFile(file, format, false, StandardOpenOption.CREATE_NEW);
    }

    /**
     * A new temporary file in {@code dir} (null: the system's temporary folder), not synced when closed: for rows
     * read back and deleted by the same process. The caller deletes it ({@link #path()}).
     */
    public static RowsFile temporary(Path dir, Function<OutputStream, RowWriter> format) throws IOException {
        Path f = dir == null ? Files.createTempFile("carport-records", ".rows") : Files.createTempFile(dir, "records", ".rows");
        try {
            return new RowsFile(f, format, false, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(f);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** Reads one input into the file (see {@link RecordsReader#read}). */
    public RepoRow add(RecordsInput input, ReadOptions options) {
        return RecordsReader.read(input, options, writer::write);
    }

    /** Bytes of the longest row written so far (see {@link RowWriter#longestLine()}). */
    public int longestLine() {
        return writer.longestLine();
    }

    /** Writes everything out (and to the disk, fsync, unless it is {@link #temporary}), then closes the file. */
    @Override
    public void close() throws IOException {
        try (channel; out) {
            writer.close();
            if (durable) {
                channel.force(false);
            }
        }
    }
}
