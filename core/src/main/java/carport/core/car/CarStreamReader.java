package carport.core.car;

import carport.core.InvalidDataException;
import carport.core.cid.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reads a CAR v1 in one pass from a stream, for input that cannot be mapped (a download in progress,
 * a pipe). Same rules as {@link CarFile}: atproto CIDs only, every block checked against its CID. A
 * stream has no size to check a section length against, so sections are limited to
 * {@code maxSectionLength} bytes. Not thread-safe.
 */
public final class CarStreamReader implements AutoCloseable {
    private static final int CID_LENGTH = 36;
    /** Default section limit: a CID and a block of {@link CarHeader#MAX_BLOCK_LENGTH}, as for {@link CarFile}. */
    public static final int DEFAULT_MAX_SECTION = CarHeader.MAX_BLOCK_LENGTH + CID_LENGTH;

    private final InputStream in;
    private final int maxSection;
    private final CarHeader header;
    private final MessageDigest sha256;
    private long offset;

    public CarStreamReader(InputStream in) throws IOException {
        this(in, DEFAULT_MAX_SECTION);
    }

    /** Reads the header now; throws {@link CarFormatException} if it is not a CAR v1 header. */
    public CarStreamReader(InputStream in, int maxSectionLength) throws IOException {
        this.in = in;
        this.maxSection = maxSectionLength;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        long hlen = varint("header length", true);
        if (hlen < 0) {
            throw new CarFormatException("not a CAR file: the stream is empty");
        }
        if (hlen == 0) {
            throw new CarFormatException("not a CAR file: the header length is zero");
        }
        if (hlen > CarHeader.MAX_LENGTH) {
            throw new CarFormatException("not a CAR file: header length " + hlen + " is larger than the limit of "
                    + CarHeader.MAX_LENGTH + " bytes");
        }
        byte[] h = new byte[(int) hlen];
        readFully(h, "the header");
        this.header = CarHeader.decode(h);
    }

    public CarHeader header() {
        return header;
    }

    /** The next section, or null at the end of the stream. */
    public CarBlock next() throws IOException {
        long start = offset;
        long len = varint("section length", true);
        if (len < 0) {
            return null;
        }
        if (len == 0) {
            throw new CarFormatException("invalid CAR: zero-length section at offset " + start);
        }
        if (len > maxSection) {
            throw new CarFormatException("invalid CAR: the section at offset " + start + " claims " + len
                    + " bytes, more than the limit of " + maxSection);
        }
        byte[] section = new byte[(int) len];
        readFully(section, "the section at offset " + start);
        if (len < CID_LENGTH || section[0] != 1 || (section[1] != Cid.DAG_CBOR && section[1] != Cid.RAW)
                || section[2] != 0x12 || section[3] != 32) {
            throw badCid(start, section);
        }
        Cid cid = Cid.fromBytes(section, 0, CID_LENGTH);
        byte[] data = java.util.Arrays.copyOfRange(section, CID_LENGTH, section.length);
        sha256.update(data);
        if (!java.util.Arrays.equals(sha256.digest(), 0, 32, section, 4, CID_LENGTH)) {
            throw new CarFormatException(new CorruptBlock(cid, start + (len - data.length), data.length).describe());
        }
        return new CarBlock(cid, data);
    }

    private static CarFormatException badCid(long offset, byte[] section) {
        String why;
        try {
            Cid c = Cid.readPrefixLenient(section, 0, section.length);
            why = c.isAtproto() ? "a CID longer than the section" : "a non-atproto CID " + c;
        } catch (InvalidDataException e) {
            why = "an unreadable CID (" + e.getMessage() + ")";
        }
        return new CarFormatException("invalid CAR: the section at offset " + offset + " has " + why);
    }

    /** A minimal unsigned varint, or -1 at a clean end of stream if {@code eofOk}. */
    private long varint(String what, boolean eofOk) throws IOException {
        long start = offset;
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0 && eofOk) {
                    return -1;
                }
                throw new CarFormatException("CAR file truncated: incomplete " + what + " at offset " + start);
            }
            offset++;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new CarFormatException("invalid CAR: " + what + " at offset " + start
                            + " is not a minimally encoded varint");
                }
                return value;
            }
        }
        throw new CarFormatException("invalid CAR: " + what + " at offset " + start + " is not a valid varint");
    }

    private void readFully(byte[] b, String what) throws IOException {
        int n = 0;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                throw new CarFormatException("CAR file truncated: " + what + " needs " + b.length + " bytes but only " + n
                        + " remain");
            }
            n += r;
        }
        offset += n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
