package carport.core.car;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Writes a CAR v1 stream: a header naming one root, then length-prefixed sections of CID and block
 * bytes. It writes what it is given; the caller decides which blocks, in which order, and avoids
 * writing one twice.
 */
public final class CarWriter {
    private final OutputStream out;
    private final byte[] varint = new byte[10];
    private final byte[] copy = new byte[64 * 1024];
    private long bytes;

    /** Writes the header at once. {@code out} should be buffered. */
    public CarWriter(OutputStream out, Cid root) throws IOException {
        this.out = out;
        byte[] header = DagCbor.encode(Map.of("version", 1L, "roots", List.of(root)));
        writeVarint(header.length);
        write(header, 0, header.length);
    }

    public void write(Cid cid, byte[] block) throws IOException {
        byte[] c = cid.toBytes();
        writeVarint((long) c.length + block.length);
        write(c, 0, c.length);
        write(block, 0, block.length);
    }

    /** Writes a block given as a buffer (for example a slice of a mapped CAR); its position is kept. */
    public void write(Cid cid, ByteBuffer block) throws IOException {
        byte[] c = cid.toBytes();
        ByteBuffer b = block.duplicate();
        writeVarint((long) c.length + b.remaining());
        write(c, 0, c.length);
        if (b.hasArray()) {
            write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            return;
        }
        while (b.hasRemaining()) {
            int n = Math.min(copy.length, b.remaining());
            b.get(copy, 0, n);
            write(copy, 0, n);
        }
    }

    /**
     * Writes a whole CAR: the header naming {@code root}, then {@code blocks} in their iteration order.
     * Returns the bytes written. For a tree from {@link carport.core.mst.Mst#newBlocks()}, for instance.
     */
    public static long write(OutputStream out, Cid root, Map<Cid, byte[]> blocks) throws IOException {
        CarWriter w = new CarWriter(out, root);
        for (Map.Entry<Cid, byte[]> e : blocks.entrySet()) {
            w.write(e.getKey(), e.getValue());
        }
        out.flush();
        return w.bytesWritten();
    }

    /** Bytes written so far, header included. */
    public long bytesWritten() {
        return bytes;
    }

    private void writeVarint(long v) throws IOException {
        int n = 0;
        while ((v & ~0x7fL) != 0) {
            varint[n++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        varint[n++] = (byte) v;
        write(varint, 0, n);
    }

    private void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        bytes += len;
    }
}
