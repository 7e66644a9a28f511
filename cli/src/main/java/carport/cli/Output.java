package carport.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Standard output as picocli sees it (a UTF-8 {@link PrintWriter}) that also hands out the byte stream
 * underneath, so that commands printing many lines of ASCII can skip the character encoder.
 */
final class Output extends PrintWriter {
    private final OutputStream bytes;

    Output(OutputStream bytes) {
        super(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
        this.bytes = bytes;
    }

    /**
     * The byte stream of a command's standard output, with any text written so far flushed ahead of it. The
     * caller flushes it when done.
     */
    static OutputStream bytes(PrintWriter out) {
        out.flush();
        if (out instanceof Output) {
            return ((Output) out).bytes;
        }
        return new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b & 0xff);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                out.flush();
            }
        };
    }

    /** Flushes, turning the error PrintWriter swallows into an exception. */
    static void flush(OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
