package carport.core.cbor;

import java.util.EnumSet;
import java.util.Set;

/**
 * A permissive, test-only CBOR walker (independent of the code under test) that lists which features
 * of an item fall outside the atproto data model. Used to decide from a fixture's own bytes whether
 * the strict codec must accept or reject it.
 */
public final class GenericCborFeatures {
    public enum Feature {
        FLOAT, INT_BEYOND_INT64, UNDEFINED_OR_SIMPLE, OTHER_TAG, NON_STRING_KEY, INDEFINITE, FOREIGN_CID
    }

    private final byte[] b;
    private int p;
    private final Set<Feature> found = EnumSet.noneOf(Feature.class);

    private GenericCborFeatures(byte[] b) {
        this.b = b;
    }

    public static Set<Feature> of(byte[] data) {
        GenericCborFeatures g = new GenericCborFeatures(data);
        g.item();
        if (g.p != data.length) {
            throw new IllegalStateException("fixture has trailing bytes");
        }
        return g.found;
    }

    private long arg(int ai) {
        if (ai < 24) {
            return ai;
        }
        int n = ai == 24 ? 1 : ai == 25 ? 2 : ai == 26 ? 4 : ai == 27 ? 8 : -1;
        if (n < 0) {
            found.add(Feature.INDEFINITE);
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[p++] & 0xff);
        }
        return v;
    }

    private void item() {
        int ib = b[p++] & 0xff;
        int mt = ib >>> 5;
        int ai = ib & 31;
        if (mt == 7) {
            if (ai >= 25 && ai <= 27) {
                found.add(Feature.FLOAT);
                p += 1 << (ai - 24);
            } else if (ai < 20 || ai > 22) {
                found.add(Feature.UNDEFINED_OR_SIMPLE);
                if (ai == 24) {
                    p++;
                }
            }
            return;
        }
        long v = arg(ai);
        switch (mt) {
            case 0:
            case 1:
                if (v < 0) {
                    found.add(Feature.INT_BEYOND_INT64);
                }
                return;
            case 2:
            case 3:
                p += (int) v;
                return;
            case 4:
                for (long i = 0; i < v; i++) {
                    item();
                }
                return;
            case 5:
                for (long i = 0; i < v; i++) {
                    if ((b[p] & 0xff) >>> 5 != 3) {
                        found.add(Feature.NON_STRING_KEY);
                    }
                    item();
                    item();
                }
                return;
            default:
                if (v != 42) {
                    found.add(Feature.OTHER_TAG);
                    item();
                    return;
                }
                int bib = b[p++] & 0xff;
                long len = arg(bib & 31);
                // atproto: 0x00 prefix, then version 1, codec dag-cbor or raw, sha2-256 of 32 bytes
                boolean atproto = len == 37 && b[p] == 0 && b[p + 1] == 1 && (b[p + 2] == 0x71 || b[p + 2] == 0x55)
                        && b[p + 3] == 0x12 && b[p + 4] == 32;
                if (!atproto) {
                    found.add(Feature.FOREIGN_CID);
                }
                p += (int) len;
        }
    }
}
