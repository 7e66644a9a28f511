package carport.core.car;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A tiny CAR writer for building test inputs (test data files: {@link carport.core.TestData}). */
public final class TestCars {
    private TestCars() {}

    public static void varint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A CAR v1: header {roots, version: 1} and one section per block. */
    public static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Builder(Cid... roots) {
            this(DagCbor.encode(Map.of("version", 1L, "roots", List.of((Object[]) roots))));
        }

        public Builder(byte[] rawHeader) {
            varint(out, rawHeader.length);
            out.writeBytes(rawHeader);
        }

        /** Adds a dag-cbor block and returns its CID. */
        public Cid add(byte[] block) {
            Cid cid = Cid.of(Cid.DAG_CBOR, block);
            add(cid, block);
            return cid;
        }

        /** Adds a section with any CID, matching or not. */
        public Builder add(Cid cid, byte[] block) {
            return section(concat(cid.toBytes(), block));
        }

        /** Adds a section with the given body (CID bytes + block). */
        public Builder section(byte[] body) {
            varint(out, body.length);
            out.writeBytes(body);
            return this;
        }

        public Builder raw(byte... bytes) {
            out.writeBytes(bytes);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }

        public Path write(Path file) throws IOException {
            return Files.write(file, bytes());
        }
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
