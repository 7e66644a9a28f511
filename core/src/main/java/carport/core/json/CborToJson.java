package carport.core.json;

import carport.core.cbor.CborReader;
import java.util.Arrays;

/** DAG-CBOR items written as atproto JSON straight from a {@link CborReader}, building no values. */
final class CborToJson {
    private CborToJson() {}

    /** Writes one item (and everything in it). */
    static void item(CborReader r, JsonBytes g) {
        // A loop over an explicit stack of open containers, not recursion: the JIT compiles a recursive
        // method with a copy of itself inlined at each recursive call, which made this the most expensive
        // method to compile in a one-shot unpack.
        // Per open container: items left, then for a map the offset and length of its previous key
        // (offset -1 before the first key), for an array offset ARRAY.
        byte[] buf = r.buffer();
        int[] open = new int[3 * 8];
        int depth = 0;
        while (true) {
            if (depth > 0) {
                int top = 3 * (depth - 1);
                if (open[top] == 0) {
                    if (open[top + 1] == ARRAY) {
                        g.endArray();
                    } else {
                        g.endObject();
                    }
                    depth--;
                    if (depth == 0) {
                        return;
                    }
                    continue;
                }
                open[top]--;
                if (open[top + 1] != ARRAY) {
                    int off = r.readMapKeySpan(open[top + 1], open[top + 2]);
                    int len = r.lastLength();
                    g.fieldName(buf, off, len);
                    open[top + 1] = off;
                    open[top + 2] = len;
                }
            }
            int kind = r.peekKind();
            if (kind == CborReader.KIND_ARRAY || kind == CborReader.KIND_MAP) {
                checkDepth(r, depth);
                if (3 * depth + 3 > open.length) {
                    open = Arrays.copyOf(open, 2 * open.length);
                }
                if (kind == CborReader.KIND_ARRAY) {
                    open[3 * depth] = r.readArrayHeader();
                    open[3 * depth + 1] = ARRAY;
                    g.startArray();
                } else {
                    open[3 * depth] = r.readMapHeader();
                    open[3 * depth + 1] = -1;
                    g.startObject();
                }
                depth++;
                continue;
            }
            scalar(r, g, buf, kind);
            if (depth == 0) {
                return;
            }
        }
    }

    private static final int ARRAY = -2;

    private static void scalar(CborReader r, JsonBytes g, byte[] buf, int kind) {
        switch (kind) {
            case CborReader.KIND_INT:
                g.number(r.readLong());
                return;
            case CborReader.KIND_TEXT: {
                int off = r.readTextSpan();
                g.string(buf, off, r.lastLength());
                return;
            }
            case CborReader.KIND_BYTES: {
                int off = r.readBytesSpan();
                g.bytes(buf, off, r.lastLength());
                return;
            }
            case CborReader.KIND_CID:
                g.link(r.readCid().toString());
                return;
            case CborReader.KIND_BOOLEAN:
                g.bool(r.readBoolean());
                return;
            default:
                r.readNull();
                g.nul();
        }
    }

    private static void checkDepth(CborReader r, int depth) {
        if (depth >= AtJson.MAX_DEPTH) {
            throw r.error("nesting deeper than " + AtJson.MAX_DEPTH + " levels");
        }
    }
}
