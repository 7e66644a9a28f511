package carport.cli;

import carport.records.ReadOptions;
import carport.records.RecordsInput;
import carport.records.RecordsReader;
import carport.records.RepoRow;
import carport.records.RowWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * A new file of rows that can take back the rows of the last input: so that an input's rows can be written
 * while it is still being verified ({@link RecordsReader#readAhead}) and cut off again if it turns out bad.
 */
final class RowsFile implements AutoCloseable {
    private final FileChannel channel;
    private final OutputStream out;
    private final RowWriter writer;

    /** Creates {@code file} (it must not exist) with rows written by {@code format}. */
    RowsFile(Path file, Function<OutputStream, RowWriter> format) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
        writer = format.apply(out);
    }

    /** Reads one input into the file; a bad input's rows are cut off again, so the file holds only good ones. */
    RepoRow add(RecordsInput input, ReadOptions options) {
        long mark = position();
        RepoRow r = RecordsReader.readAhead(input, options, writer::write);
        if (!r.ok() && position() != mark) {
            try {
                channel.truncate(mark);
                channel.position(mark);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return r;
    }

    /** Bytes of the longest row written so far (see {@link RowWriter#longestLine()}). */
    int longestLine() {
        return writer.longestLine();
    }

    private long position() {
        writer.flush();
        try {
            return channel.position();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes everything out and to the disk (fsync), then closes the file. */
    @Override
    public void close() throws IOException {
        try (channel; out) {
            writer.close();
            channel.force(false);
        }
    }
}
