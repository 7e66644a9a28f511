package carport.core.car;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file mapped in chunks, so that files larger than one {@link MappedByteBuffer} (2 GiB)
 * work. Chunk {@code i} maps {@code [i << shift, (i + 1) << shift)} plus {@code overlap} bytes, so any
 * range of at most {@code overlap} bytes lies inside a single mapping; longer ranges that cross a chunk
 * boundary are copied with a positional read instead.
 */
final class MappedFile implements AutoCloseable {
    static final int DEFAULT_SHIFT = 30;
    static final int DEFAULT_OVERLAP = 1 << 20;

    private final FileChannel channel;
    private final long size;
    private final int shift;
    private final int overlap;
    private final ByteBuffer[] chunks;

    private MappedFile(FileChannel channel, long size, int shift, int overlap, ByteBuffer[] chunks) {
        this.channel = channel;
        this.size = size;
        this.shift = shift;
        this.overlap = overlap;
        this.chunks = chunks;
    }

    static MappedFile open(Path path) throws IOException {
        return open(path, DEFAULT_SHIFT, DEFAULT_OVERLAP);
    }

    static MappedFile open(Path path, int shift, int overlap) throws IOException {
        if (shift < 6 || shift > 30 || overlap < 64 || overlap > (1 << 30)) {
            throw new IllegalArgumentException("bad chunking: shift " + shift + ", overlap " + overlap);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            int n = (int) ((size + (1L << shift) - 1) >>> shift);
            MappedByteBuffer[] chunks = new MappedByteBuffer[n];
            for (int i = 0; i < n; i++) {
                long base = (long) i << shift;
                long len = Math.min(size - base, (1L << shift) + overlap);
                chunks[i] = ch.map(FileChannel.MapMode.READ_ONLY, base, len);
            }
            return new MappedFile(ch, size, shift, overlap, chunks);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** A "file" held in memory: one heap buffer, so every range is contiguous and no channel is needed. */
    static MappedFile of(byte[] data) {
        return new MappedFile(null, data.length, 31, 64, new ByteBuffer[] {ByteBuffer.wrap(data)});
    }

    long size() {
        return size;
    }

    /** Largest range guaranteed to be contiguous in one mapping. */
    int overlap() {
        return overlap;
    }

    /** The mapping that holds {@code pos}; index into it with {@link #local}. */
    ByteBuffer chunk(long pos) {
        return chunks[(int) (pos >>> shift)];
    }

    int local(long pos) {
        return (int) (pos & ((1L << shift) - 1));
    }

    byte get(long pos) {
        return chunks[(int) (pos >>> shift)].get((int) (pos & ((1L << shift) - 1)));
    }

    /**
     * A read-only view of {@code [pos, pos + len)}: a slice of the mapping when it fits, otherwise a
     * heap copy. Callers check the range against {@link #size()} first. Safe for concurrent use.
     */
    ByteBuffer slice(long pos, int len) {
        ByteBuffer c = chunk(pos);
        int l = local(pos);
        if (len <= c.limit() - l) {
            return c.slice(l, len).asReadOnlyBuffer();
        }
        ByteBuffer copy = ByteBuffer.allocate(len);
        try {
            long p = pos;
            while (copy.hasRemaining()) {
                int r = channel.read(copy, p);
                if (r < 0) {
                    throw new EOFException("unexpected end of file at offset " + p);
                }
                p += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy.flip().asReadOnlyBuffer();
    }

    /** Copies {@code [pos, pos + len)} into {@code dst}. */
    void read(long pos, byte[] dst, int off, int len) {
        ByteBuffer c = chunk(pos);
        int l = local(pos);
        if (len <= c.limit() - l) {
            c.get(l, dst, off, len);
        } else {
            slice(pos, len).get(dst, off, len);
        }
    }

    @Override
    public void close() throws IOException {
        // Mappings are released by the garbage collector; Java 17 has no supported way to unmap early.
        if (channel != null) {
            channel.close();
        }
    }
}
