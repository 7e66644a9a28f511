package carport.core.json;

import carport.core.cbor.CborReader;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** DAG-CBOR items written as atproto JSON straight from a {@link CborReader}, building no values. */
final class CborToJson {
    private CborToJson() {}

    static void item(CborReader r, JsonGenerator g, int depth) throws IOException {
        byte[] buf = r.buffer();
        switch (r.peekKind()) {
            case CborReader.KIND_INT:
                g.writeNumber(r.readLong());
                return;
            case CborReader.KIND_TEXT: {
                int off = r.readTextSpan();
                g.writeUTF8String(buf, off, r.lastLength());
                return;
            }
            case CborReader.KIND_BYTES: {
                int off = r.readBytesSpan();
                AtJson.writeBytes(g, buf, off, r.lastLength());
                return;
            }
            case CborReader.KIND_CID:
                AtJson.writeLink(g, r.readCid().toString());
                return;
            case CborReader.KIND_BOOLEAN:
                g.writeBoolean(r.readBoolean());
                return;
            case CborReader.KIND_NULL:
                r.readNull();
                g.writeNull();
                return;
            case CborReader.KIND_ARRAY: {
                checkDepth(r, depth);
                int n = r.readArrayHeader();
                g.writeStartArray();
                for (int i = 0; i < n; i++) {
                    item(r, g, depth + 1);
                }
                g.writeEndArray();
                return;
            }
            default: {
                checkDepth(r, depth);
                int n = r.readMapHeader();
                g.writeStartObject();
                int prevOff = -1;
                int prevLen = 0;
                for (int i = 0; i < n; i++) {
                    int off = r.readMapKeySpan(prevOff, prevLen);
                    int len = r.lastLength();
                    g.writeFieldName(CborReader.decodeKey(buf, off, len));
                    item(r, g, depth + 1);
                    prevOff = off;
                    prevLen = len;
                }
                g.writeEndObject();
            }
        }
    }

    private static void checkDepth(CborReader r, int depth) {
        if (depth >= AtJson.MAX_DEPTH) {
            throw r.error("nesting deeper than " + AtJson.MAX_DEPTH + " levels");
        }
    }
}
