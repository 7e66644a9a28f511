package carport.core.cid;

import carport.core.cid.Cid;
/**
 * A set of atproto CIDs (sha2-256) stored as digests in flat arrays: about 40 bytes per CID and no
 * object per entry, so a set over the millions of blocks of a large repository stays small.
 */
public final class CidSet {
    private long[] words = new long[4 * 64];
    private byte[] codecs = new byte[64];
    private boolean[] used = new boolean[64];
    private int size;

    public int size() {
        return size;
    }

    /** Adds {@code cid}; false if it was already there. */
    public boolean add(Cid cid) {
        if ((size + 1) * 2 > used.length) {
            grow();
        }
        byte[] d = cid.digest();
        long a = longAt(d, 0), b = longAt(d, 8), c = longAt(d, 16), e = longAt(d, 24);
        byte codec = (byte) cid.codec();
        int slot = find(a, b, c, e, codec);
        if (used[slot]) {
            return false;
        }
        put(slot, a, b, c, e, codec);
        size++;
        return true;
    }

    public boolean contains(Cid cid) {
        byte[] d = cid.digest();
        return used[find(longAt(d, 0), longAt(d, 8), longAt(d, 16), longAt(d, 24), (byte) cid.codec())];
    }

    private int find(long a, long b, long c, long e, byte codec) {
        int mask = used.length - 1;
        // digests are uniformly distributed once the CIDs are verified; mixing guards against crafted ones
        int slot = (int) mix(a ^ mix(b ^ mix(c ^ mix(e)))) & mask;
        while (used[slot]) {
            int w = 4 * slot;
            if (words[w] == a && words[w + 1] == b && words[w + 2] == c && words[w + 3] == e && codecs[slot] == codec) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void put(int slot, long a, long b, long c, long e, byte codec) {
        int w = 4 * slot;
        words[w] = a;
        words[w + 1] = b;
        words[w + 2] = c;
        words[w + 3] = e;
        codecs[slot] = codec;
        used[slot] = true;
    }

    private void grow() {
        long[] ow = words;
        byte[] oc = codecs;
        boolean[] ou = used;
        int n = ou.length * 2;
        words = new long[4 * n];
        codecs = new byte[n];
        used = new boolean[n];
        for (int i = 0; i < ou.length; i++) {
            if (ou[i]) {
                int w = 4 * i;
                int slot = find(ow[w], ow[w + 1], ow[w + 2], ow[w + 3], oc[i]);
                put(slot, ow[w], ow[w + 1], ow[w + 2], ow[w + 3], oc[i]);
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static long longAt(byte[] d, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[off + i] & 0xff);
        }
        return v;
    }
}
