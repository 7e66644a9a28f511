package carport.core.car;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The section table of a CAR file: for every section, in file order, the sha2-256 digest and codec of
 * its CID and where its block bytes are, plus an open-addressing hash table from digest to the first
 * section with that CID. About 50 bytes per section and no object per block, so millions of blocks fit
 * in a small heap.
 */
final class BlockIndex {
    private static final long SEED = new SecureRandom().nextLong();

    private long[] digests = new long[4 * 64];
    private long[] offsets = new long[64];
    private int[] lengths = new int[64];
    private byte[] codecs = new byte[64];
    private int size;
    /** Entry index + 1 of the first section of each distinct CID; 0 is an empty slot. */
    private int[] table = new int[128];
    private int unique;

    int size() {
        return size;
    }

    int unique() {
        return unique;
    }

    long offset(int e) {
        return offsets[e];
    }

    int length(int e) {
        return lengths[e];
    }

    int codec(int e) {
        return codecs[e] & 0xff;
    }

    /** Writes the 32-byte digest of entry {@code e} into {@code dst}. */
    void digest(int e, byte[] dst) {
        for (int w = 0; w < 4; w++) {
            long x = digests[4 * e + w];
            for (int i = 0; i < 8; i++) {
                dst[8 * w + i] = (byte) (x >>> (56 - 8 * i));
            }
        }
    }

    boolean digestEquals(int e, long d0, long d1, long d2, long d3) {
        int b = 4 * e;
        return digests[b] == d0 && digests[b + 1] == d1 && digests[b + 2] == d2 && digests[b + 3] == d3;
    }

    /**
     * Appends a section. Returns its entry index if its CID is new, or {@code -1 - first} if an earlier
     * section has the same CID.
     */
    int add(long d0, long d1, long d2, long d3, int codec, long offset, int length) {
        if (size == offsets.length) {
            int n = size + (size >> 1);
            digests = Arrays.copyOf(digests, 4 * n);
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            codecs = Arrays.copyOf(codecs, n);
        }
        int e = size++;
        digests[4 * e] = d0;
        digests[4 * e + 1] = d1;
        digests[4 * e + 2] = d2;
        digests[4 * e + 3] = d3;
        offsets[e] = offset;
        lengths[e] = length;
        codecs[e] = (byte) codec;

        int mask = table.length - 1;
        int slot = hash(d0, d1, d2, d3) & mask;
        while (table[slot] != 0) {
            int f = table[slot] - 1;
            if (codecs[f] == (byte) codec && digestEquals(f, d0, d1, d2, d3)) {
                return -1 - f;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = e + 1;
        if (++unique * 2 > table.length) {
            rehash();
        }
        return e;
    }

    /** The first entry with this CID, or -1. */
    int find(long d0, long d1, long d2, long d3, int codec) {
        int mask = table.length - 1;
        int slot = hash(d0, d1, d2, d3) & mask;
        while (table[slot] != 0) {
            int f = table[slot] - 1;
            if (codecs[f] == (byte) codec && digestEquals(f, d0, d1, d2, d3)) {
                return f;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private void rehash() {
        int[] old = table;
        table = new int[old.length * 2];
        int mask = table.length - 1;
        for (int v : old) {
            if (v != 0) {
                int b = 4 * (v - 1);
                int slot = hash(digests[b], digests[b + 1], digests[b + 2], digests[b + 3]) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = v;
            }
        }
    }

    /**
     * Digests in a CAR are attacker-chosen until verified, so the slot depends on all 256 bits and a
     * per-process seed; crafted CIDs cannot pile up in one probe chain.
     */
    private static int hash(long d0, long d1, long d2, long d3) {
        long h = mix(d0 ^ SEED);
        h = mix(h ^ d1);
        h = mix(h ^ d2);
        h = mix(h ^ d3);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
