package carport.core.car;

import carport.core.InvalidDataException;
import carport.core.cid.Cid;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A CAR v1 file opened for random access. Opening maps the file, decodes the header and indexes every
 * section (CID to offset and length) without reading block contents, so memory grows with the number
 * of blocks, not their size. Blocks are read on demand; each is checked against its CID (sha2-256) the
 * first time it is read, and {@link #verifyAll(int)} checks all of them, in parallel if asked.
 *
 * <p>Sections are numbered 0.. in file order. Duplicate sections (the same CID again) are kept in the
 * numbering but lookups by CID return the first one. Thread-safe for reading.
 */
public final class CarFile implements BlockSource, AutoCloseable {
    private static final byte UNCHECKED = 0, GOOD = 1, BAD = 2;
    /** The fixed binary form of an atproto CID: version 1, 1-byte codec, sha2-256, 32-byte digest. */
    private static final int CID_LENGTH = BlockIndex.CID_LENGTH;

    private final Path path;
    private final MappedFile file;
    private final CarHeader header;
    private final long headerLength;
    private final BlockIndex index;
    private final byte[] state;
    private final int duplicates;

    private CarFile(Path path, MappedFile file, CarHeader header, long headerLength, BlockIndex index,
            int duplicates) {
        this.path = path;
        this.file = file;
        this.header = header;
        this.headerLength = headerLength;
        this.index = index;
        this.duplicates = duplicates;
        this.state = new byte[index.size()];
    }

    /**
     * Opens and indexes a CAR file. Throws {@link CarFormatException} (a one-line message) if the framing
     * or header is invalid or a section's CID is not an atproto CID; block contents are not read yet.
     */
    public static CarFile open(Path path) throws IOException {
        return open(path, MappedFile.DEFAULT_SHIFT, MappedFile.DEFAULT_OVERLAP);
    }

    /**
     * Reads a CAR held in memory (a firehose {@code blocks} field, a small download). Same checks as
     * {@link #open(Path)}; {@link #path()} is null.
     */
    public static CarFile fromBytes(byte[] data) {
        return scan(null, MappedFile.of(data));
    }

    /** Opens with a given mapping chunk size, so that tests can exercise chunk boundaries. */
    static CarFile open(Path path, int chunkShift, int overlap) throws IOException {
        MappedFile file = MappedFile.open(path, chunkShift, overlap);
        try {
            return scan(path, file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static CarFile scan(Path path, MappedFile f) {
        long size = f.size();
        if (size == 0) {
            throw new CarFormatException("not a CAR file: the file is empty");
        }
        Cursor c = new Cursor(f);
        long hlen = c.varint("header length");
        if (hlen == 0) {
            throw new CarFormatException("not a CAR file: the header length is zero");
        }
        if (hlen > CarHeader.MAX_LENGTH) {
            throw new CarFormatException("not a CAR file: header length " + hlen + " is larger than the limit of "
                    + CarHeader.MAX_LENGTH + " bytes");
        }
        if (hlen > size - c.pos) {
            throw new CarFormatException("CAR file truncated: the header needs " + hlen + " bytes but only "
                    + (size - c.pos) + " remain");
        }
        byte[] hb = new byte[(int) hlen];
        f.read(c.pos, hb, 0, hb.length);
        CarHeader header = CarHeader.decode(hb);
        c.pos += hlen;
        long headerLength = c.pos;

        BlockIndex index = new BlockIndex(f);
        byte[] b = c.buf;
        while (c.pos < size) {
            long start = c.pos;
            long len = c.varint("section length");
            if (len == 0) {
                throw new CarFormatException("invalid CAR: zero-length section at offset " + start);
            }
            if (len > size - c.pos) {
                throw new CarFormatException("CAR file truncated: the section at offset " + start + " needs " + len
                        + " bytes but only " + (size - c.pos) + " remain");
            }
            if (len - CID_LENGTH > CarHeader.MAX_BLOCK_LENGTH) {
                throw new CarFormatException("invalid CAR: the block at offset " + start + " is " + (len - CID_LENGTH)
                        + " bytes, larger than the limit of " + (CarHeader.MAX_BLOCK_LENGTH >> 20)
                        + " MiB for one block");
            }
            int l = c.fill(CID_LENGTH);
            if (len < CID_LENGTH || b[l] != 1 || (b[l + 1] != Cid.DAG_CBOR && b[l + 1] != Cid.RAW)
                    || b[l + 2] != 0x12 || b[l + 3] != 32) {
                throw badCid(start, f, c.pos, len);
            }
            long hash = BlockIndex.hash(longAt(b, l + 4), longAt(b, l + 12), longAt(b, l + 20), longAt(b, l + 28));
            index.add(c.pos + CID_LENGTH, (int) (len - CID_LENGTH), hash);
            c.pos += len;
        }
        int duplicates = index.build();
        return new CarFile(path, f, header, headerLength, index, duplicates);
    }

    private static CarFormatException badCid(long offset, MappedFile f, long pos, long len) {
        byte[] b = new byte[(int) Math.min(len, 100)];
        f.read(pos, b, 0, b.length);
        String why;
        try {
            Cid c = Cid.readPrefixLenient(b, 0, b.length);
            if (c.version() == 0) {
                why = "a CIDv0; atproto requires CIDv1";
            } else if (c.hashFunction() != Cid.SHA2_256) {
                why = "a CID hashed with multihash 0x" + Long.toHexString(c.hashFunction())
                        + "; atproto requires sha2-256";
            } else if (c.codec() != Cid.DAG_CBOR && c.codec() != Cid.RAW) {
                why = "a CID with codec 0x" + Long.toHexString(c.codec()) + "; atproto requires dag-cbor or raw";
            } else if (c.byteLength() > len) {
                why = "a CID longer than the section";
            } else {
                why = "a CID that is not an atproto CID";
            }
        } catch (InvalidDataException e) {
            why = "an unreadable CID (" + e.getMessage() + ")";
        }
        return new CarFormatException("invalid CAR: the section at offset " + offset + " has " + why);
    }

    /**
     * Reads the framing front to back through a heap copy of the file, 64 KiB at a time: the scan touches
     * every section, and byte-by-byte access to a mapping is slow until the JIT has compiled it (a one-shot
     * command spends much of its time before that).
     */
    private static final class Cursor {
        final MappedFile f;
        final byte[] buf = new byte[1 << 16];
        /** {@code buf[0, limit)} holds the file's bytes from offset {@code base}. */
        long base;
        int limit;
        long pos;

        Cursor(MappedFile f) {
            this.f = f;
        }

        /** Makes the next {@code n} bytes (fewer at the end of the file) available; returns the index of pos in buf. */
        int fill(int n) {
            long want = Math.min(n, f.size() - pos);
            if (pos < base || pos + want > base + limit) {
                limit = (int) Math.min(buf.length, f.size() - pos);
                base = pos;
                f.read(pos, buf, 0, limit);
            }
            return (int) (pos - base);
        }

        /** A minimal unsigned LEB128 varint (multiformats unsigned-varint, at most 9 bytes). */
        long varint(String what) {
            long start = pos;
            int i = fill(9);
            long available = f.size() - pos;
            long value = 0;
            for (int k = 0; k < 9; k++) {
                if (k >= available) {
                    throw new CarFormatException("CAR file truncated: incomplete " + what + " at offset " + start);
                }
                int b = buf[i + k] & 0xff;
                value |= (long) (b & 0x7f) << (7 * k);
                if ((b & 0x80) == 0) {
                    if (b == 0 && k > 0) {
                        throw new CarFormatException("invalid CAR: " + what + " at offset " + start
                                + " is not a minimally encoded varint");
                    }
                    pos += k + 1;
                    return value;
                }
            }
            throw new CarFormatException("invalid CAR: " + what + " at offset " + start + " is not a valid varint");
        }
    }

    // ------------------------------------------------------------------------------------ accessors

    public Path path() {
        return path;
    }

    /** File size in bytes. */
    public long size() {
        return file.size();
    }

    public CarHeader header() {
        return header;
    }

    public List<Cid> roots() {
        return header.roots();
    }

    /** Bytes taken by the header and its length prefix. */
    public long headerLength() {
        return headerLength;
    }

    /** Number of sections, duplicates included. */
    public int sectionCount() {
        return index.size();
    }

    /** Number of distinct CIDs. */
    public int blockCount() {
        return index.unique();
    }

    /** Number of sections that repeat an earlier CID. */
    public int duplicateSectionCount() {
        return duplicates;
    }

    public boolean contains(Cid cid) {
        return indexOf(cid) >= 0;
    }

    /** The first section holding {@code cid}, or -1. */
    public int indexOf(Cid cid) {
        if (!cid.isAtproto()) {
            return -1;
        }
        return index.find(cid.digestWord(0), cid.digestWord(1), cid.digestWord(2), cid.digestWord(3), cid.codec());
    }

    /**
     * {@link #indexOf} for {@code cids[0..n)} into {@code out[0..n)}, faster than one at a time when the CIDs are
     * not in file order (their lookups overlap).
     */
    public void indexOfAll(Cid[] cids, int n, int[] out) {
        long[] words = new long[4 * n];
        int[] codecs = new int[n];
        int[] at = new int[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            Cid c = cids[k];
            if (!c.isAtproto()) {
                out[k] = -1;
                continue;
            }
            for (int w = 0; w < 4; w++) {
                words[4 * m + w] = c.digestWord(w);
            }
            codecs[m] = c.codec();
            at[m++] = k;
        }
        int[] found = new int[m];
        index.findAll(words, codecs, m, found);
        for (int j = 0; j < m; j++) {
            out[at[j]] = found[j];
        }
    }

    /** The CID of section {@code i}. */
    public Cid cidAt(int i) {
        byte[] d = new byte[32];
        index.digest(i, d);
        return Cid.ofDigest(index.codec(i), d);
    }

    /** File offset of the block bytes of section {@code i} (after its CID). */
    public long blockOffset(int i) {
        return index.offset(i);
    }

    /** Length of the block bytes of section {@code i}. */
    public int blockLength(int i) {
        return index.length(i);
    }

    /** Whether section {@code i} is the first one with its CID (the one lookups return). */
    public boolean isFirstOccurrence(int i) {
        return index.isFirst(i);
    }

    /** Block bytes by CID, checked against it; {@code null} if absent. */
    @Override
    public byte[] get(Cid cid) {
        int i = indexOf(cid);
        return i < 0 ? null : block(i);
    }

    /** Block bytes of section {@code i}, checked against its CID. */
    public byte[] block(int i) {
        byte[] b = new byte[index.length(i)];
        readBlock(i, b);
        return b;
    }

    /**
     * Copies the block bytes of section {@code i}, checked against its CID, to the start of {@code dst}
     * (at least {@link #blockLength(int)} long) and returns their length: for callers that go through many
     * blocks with one buffer.
     */
    public int readBlock(int i, byte[] dst) {
        int len = index.length(i);
        file.read(index.offset(i), dst, 0, len);
        if (state[i] == UNCHECKED) {
            MessageDigest md = sha256();
            md.update(dst, 0, len);
            state[i] = matches(i, md.digest()) ? GOOD : BAD;
        }
        if (state[i] == BAD) {
            throw corrupt(i);
        }
        return len;
    }

    /** A read-only view of the block bytes of section {@code i}, checked against its CID. */
    public ByteBuffer blockBuffer(int i) {
        if (state[i] == UNCHECKED) {
            state[i] = check(i, sha256()) ? GOOD : BAD;
        }
        if (state[i] == BAD) {
            throw corrupt(i);
        }
        return file.slice(index.offset(i), index.length(i));
    }

    private CarFormatException corrupt(int i) {
        return new CarFormatException(new CorruptBlock(cidAt(i), index.offset(i), index.length(i)).describe());
    }

    /**
     * Checks every section (duplicates included) against its CID, using up to {@code threads} threads,
     * and returns the sections that do not match, in file order. Later reads of those throw.
     */
    public List<CorruptBlock> verifyAll(int threads) {
        int n = index.size();
        int batch = 512;
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                Hasher h = new Hasher();
                int s;
                while ((s = next.getAndAdd(batch)) < n && failure.get() == null) {
                    h.check(s, Math.min(n, s + batch));
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        };
        int extra = Math.min(Math.max(threads, 1), Runtime.getRuntime().availableProcessors()) - 1;
        if (n < 2 * batch || file.size() < (1 << 20)) {
            extra = 0;
        }
        List<Thread> helpers = new ArrayList<>();
        for (int t = 0; t < extra; t++) {
            Thread th = new Thread(worker, "carport-verify-" + t);
            th.setDaemon(true);
            th.start();
            helpers.add(th);
        }
        worker.run();
        for (Thread th : helpers) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while verifying blocks", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        List<CorruptBlock> bad = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (state[i] == BAD) {
                bad.add(new CorruptBlock(cidAt(i), index.offset(i), index.length(i)));
            }
        }
        return bad;
    }

    /**
     * Checks runs of consecutive sections with one bulk copy each into a reusable buffer, hashing every
     * block and comparing with the digest in the CID just before it: no allocation and no per-block
     * access to the mapping. Blocks too large for the buffer are hashed straight from the mapping.
     */
    private final class Hasher {
        private static final int BUFFER = 1 << 18;
        private final MessageDigest md = sha256();
        private final byte[] buf = new byte[BUFFER];
        private final byte[] digest = new byte[32];

        void check(int from, int to) {
            int i = from;
            while (i < to) {
                if (state[i] != UNCHECKED) {
                    i++;
                    continue;
                }
                long start = index.offset(i) - CID_LENGTH;
                if (index.offset(i) + index.length(i) - start > BUFFER) {
                    state[i] = CarFile.this.check(i, md) ? GOOD : BAD;
                    i++;
                    continue;
                }
                int j = i + 1;
                while (j < to && index.offset(j) + index.length(j) - start <= BUFFER) {
                    j++;
                }
                long end = index.offset(j - 1) + index.length(j - 1);
                file.read(start, buf, 0, (int) (end - start));
                for (int k = i; k < j; k++) {
                    if (state[k] == UNCHECKED) {
                        int off = (int) (index.offset(k) - start);
                        md.update(buf, off, index.length(k));
                        try {
                            md.digest(digest, 0, 32);
                        } catch (DigestException e) {
                            throw new IllegalStateException(e);
                        }
                        state[k] = Arrays.equals(digest, 0, 32, buf, off - 32, off) ? GOOD : BAD;
                    }
                }
                i = j;
            }
        }
    }

    private boolean check(int i, MessageDigest md) {
        md.update(file.slice(index.offset(i), index.length(i)));
        return matches(i, md.digest());
    }

    private boolean matches(int i, byte[] d) {
        return index.digestEquals(i, longAt(d, 0), longAt(d, 8), longAt(d, 16), longAt(d, 24));
    }

    private static long longAt(byte[] b, int off) {
        return (long) BIG_ENDIAN_LONG.get(b, off);
    }

    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private static MessageDigest sha256() {
        return SHA256.get();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return "CarFile[" + path + ", " + index.size() + " sections]";
    }
}
