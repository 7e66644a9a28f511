package carport.core.car;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The section table of a CAR file: where each section's block bytes are, in file order, and an
 * open-addressing hash table from CID to the first section with that CID. The CIDs themselves stay in
 * the mapped file (each is the 36 bytes before its block), so the index costs about 30 bytes per
 * section: paged offset and length arrays, and one table slot of fingerprint + section number built
 * once the count is known. No object per block, no large array copied while growing.
 */
final class BlockIndex {
    private static final long SEED = new SecureRandom().nextLong();
    /** Entries per page; pages stay below the size at which G1 treats arrays as humongous. */
    private static final int PAGE_BITS = 15;
    private static final int PAGE = 1 << PAGE_BITS;
    static final int CID_LENGTH = 36;

    private final MappedFile file;
    private long[][] offsets = new long[8][];
    private int[][] lengths = new int[8][];
    /** The {@link #hash} of each section's digest, computed while scanning; dropped once the table is built. */
    private long[][] hashes = new long[8][];
    private int size;
    /** (fingerprint << 32) | (entry + 1) of the first section of each distinct CID; 0 is an empty slot. */
    private long[] table;
    private int unique;
    /** Sections that repeat the CID of an earlier one; null if there are none. */
    private BitSet repeats;
    /**
     * The section last returned by {@link #find}. Readers usually look blocks up in the order they were
     * written (a CAR in tree-walk order), so the section after it is tried before the table. Shared
     * between threads without synchronisation on purpose: any value is a valid guess, and every guess is
     * checked against the whole CID.
     */
    private int lastFound = -1;

    BlockIndex(MappedFile file) {
        this.file = file;
    }

    int size() {
        return size;
    }

    int unique() {
        return unique;
    }

    /** File offset of the block bytes of entry {@code e}; its CID is the 36 bytes before. */
    long offset(int e) {
        return offsets[e >>> PAGE_BITS][e & (PAGE - 1)];
    }

    int length(int e) {
        return lengths[e >>> PAGE_BITS][e & (PAGE - 1)];
    }

    int codec(int e) {
        return file.get(offset(e) - CID_LENGTH + 1) & 0xff;
    }

    /** Writes the 32-byte digest of entry {@code e} into {@code dst}. */
    void digest(int e, byte[] dst) {
        file.read(offset(e) - 32, dst, 0, 32);
    }

    boolean digestEquals(int e, long d0, long d1, long d2, long d3) {
        long p = offset(e) - CID_LENGTH;
        ByteBuffer c = file.chunk(p);
        int l = file.local(p) + 4;
        return c.getLong(l) == d0 && c.getLong(l + 8) == d1 && c.getLong(l + 16) == d2 && c.getLong(l + 24) == d3;
    }

    /** Whether entry {@code e} has this CID (codec and digest). */
    private boolean hasCid(int e, int codec, long d0, long d1, long d2, long d3) {
        return hasCidAt(offset(e), codec, d0, d1, d2, d3);
    }

    /** Whether entry {@code e} is the first section with its CID. Valid after {@link #build}. */
    boolean isFirst(int e) {
        return repeats == null || !repeats.get(e);
    }

    /**
     * Appends a section whose block starts at {@code offset} (its CID just before it); {@code hash} is
     * {@link #hash} of the CID's digest.
     */
    void add(long offset, int length, long hash) {
        if (size == 1 << 30) {
            throw new CarFormatException("invalid CAR: more than 2^30 sections");
        }
        int page = size >>> PAGE_BITS;
        if (page == offsets.length) {
            offsets = Arrays.copyOf(offsets, page * 2);
            lengths = Arrays.copyOf(lengths, page * 2);
            hashes = Arrays.copyOf(hashes, page * 2);
        }
        if (offsets[page] == null) {
            offsets[page] = new long[PAGE];
            lengths[page] = new int[PAGE];
            hashes[page] = new long[PAGE];
        }
        offsets[page][size & (PAGE - 1)] = offset;
        lengths[page][size & (PAGE - 1)] = length;
        hashes[page][size & (PAGE - 1)] = hash;
        size++;
    }

    /** Builds the lookup table after the last {@link #add}; returns the number of duplicate sections. */
    int build() {
        // load factor at most 3/4; linear probing stays short because fingerprints reject most slots
        int cap = Integer.highestOneBit(Math.max(4, size + size / 3) - 1) << 1;
        table = new long[cap];
        int mask = cap - 1;
        int duplicates = 0;
        for (int e = 0; e < size; e++) {
            duplicates += insert(e, hashes[e >>> PAGE_BITS][e & (PAGE - 1)], mask);
        }
        unique = size - duplicates;
        hashes = null;
        return duplicates;
    }

    /** Puts entry {@code e} in the table, or marks it as a repeat of an earlier CID; returns 1 for a repeat. */
    private int insert(int e, long h, int mask) {
        long fp = h >>> 32;
        int slot = (int) h & mask;
        long v;
        while ((v = table[slot]) != 0) {
            // the file is read only when fingerprints match: a repeated CID, or a 2^-32 chance
            if (v >>> 32 == fp && sameCid((int) v - 1, e)) {
                if (repeats == null) {
                    repeats = new BitSet();
                }
                repeats.set(e);
                return 1;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = fp << 32 | (e + 1L);
        return 0;
    }

    private boolean sameCid(int a, int b) {
        long p = offset(b) - CID_LENGTH;
        ByteBuffer c = file.chunk(p);
        int l = file.local(p);
        return hasCid(a, c.get(l + 1) & 0xff, c.getLong(l + 4), c.getLong(l + 12), c.getLong(l + 20),
                c.getLong(l + 28));
    }

    /** The first entry with this CID, or -1. */
    int find(long d0, long d1, long d2, long d3, int codec) {
        int last = lastFound;
        int next = last + 1;
        if (next < size && hasCid(next, codec, d0, d1, d2, d3) && isFirst(next)) {
            lastFound = next;
            return next;
        }
        if (last >= 0 && hasCid(last, codec, d0, d1, d2, d3) && isFirst(last)) {
            return last;
        }
        int f = probe(d0, d1, d2, d3, codec);
        if (f >= 0) {
            lastFound = f;
        }
        return f;
    }

    /** The table's entry for this CID, or -1. */
    private int probe(long d0, long d1, long d2, long d3, int codec) {
        int mask = table.length - 1;
        long h = hash(d0, d1, d2, d3);
        long fp = h >>> 32;
        int slot = (int) h & mask;
        long v;
        while ((v = table[slot]) != 0) {
            int f = (int) v - 1;
            if (v >>> 32 == fp && hasCid(f, codec, d0, d1, d2, d3)) {
                return f;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /**
     * {@link #find} for {@code n} CIDs at once, the first entry of each into {@code out} (-1 if absent);
     * {@code words} holds 4 digest words per CID, {@code codecs} one codec each. Same answers as {@code n} calls
     * of {@link #find}, but in phases, each a loop of independent reads (table slots, then section offsets,
     * then the CIDs in the mapping): in a CAR not in tree order each read misses the cache, and misses that do
     * not depend on each other overlap instead of queueing. In tree order, {@link #find}'s guess is cheaper.
     */
    void findAll(long[] words, int[] codecs, int n, int[] out) {
        int mask = table.length - 1;
        long[] first = new long[n];
        int[] slots = new int[n];
        for (int k = 0; k < n; k++) {
            long h = hash(words[4 * k], words[4 * k + 1], words[4 * k + 2], words[4 * k + 3]);
            slots[k] = (int) h & mask;
            first[k] = h >>> 32; // the fingerprint, for now
        }
        for (int k = 0; k < n; k++) {
            long v = table[slots[k]];
            first[k] = v != 0 && v >>> 32 == first[k] ? v : 0;
        }
        long[] offs = new long[n];
        for (int k = 0; k < n; k++) {
            offs[k] = first[k] != 0 ? offset((int) first[k] - 1) : -1;
        }
        for (int k = 0; k < n; k++) {
            long w0 = words[4 * k];
            long w1 = words[4 * k + 1];
            long w2 = words[4 * k + 2];
            long w3 = words[4 * k + 3];
            if (offs[k] >= 0 && hasCidAt(offs[k], codecs[k], w0, w1, w2, w3)) {
                out[k] = (int) first[k] - 1;
            } else {
                // not in the first slot: further along its probe chain, or absent
                out[k] = probe(w0, w1, w2, w3, codecs[k]);
            }
        }
    }

    private boolean hasCidAt(long blockOffset, int codec, long d0, long d1, long d2, long d3) {
        long p = blockOffset - CID_LENGTH;
        ByteBuffer c = file.chunk(p);
        int l = file.local(p);
        return (c.get(l + 1) & 0xff) == codec && c.getLong(l + 4) == d0 && c.getLong(l + 12) == d1
                && c.getLong(l + 20) == d2 && c.getLong(l + 28) == d3;
    }

    /**
     * Digests in a CAR are attacker-chosen until verified, so the slot depends on all 256 bits and a
     * per-process seed: crafted CIDs cannot pile up in one probe chain.
     */
    static long hash(long d0, long d1, long d2, long d3) {
        long h = mix(d0 ^ SEED);
        h = mix(h ^ d1);
        h = mix(h ^ d2);
        return mix(h ^ d3);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
