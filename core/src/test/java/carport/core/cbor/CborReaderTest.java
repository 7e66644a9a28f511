package carport.core.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cid.Cid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pull reader that fast paths use, on an MST-node-shaped block. */
class CborReaderTest {
    private static final byte[] E = "e".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] L = "l".getBytes(StandardCharsets.US_ASCII);

    private static byte[] node(Cid left, Cid value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("k", "app.bsky.feed.post/3k".getBytes(StandardCharsets.US_ASCII));
        entry.put("p", 0L);
        entry.put("t", null);
        entry.put("v", value);
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("e", List.of(entry));
        node.put("l", left);
        return DagCbor.encode(node);
    }

    @Test
    void readsAnMstNodeItemByItem() {
        Cid value = Cid.of(Cid.DAG_CBOR, new byte[] {1});
        Cid left = Cid.of(Cid.DAG_CBOR, new byte[] {2});
        byte[] block = node(left, value);
        CborReader r = new CborReader(block, 0, block.length);
        assertThat(r.peekKind()).isEqualTo(CborReader.KIND_MAP);
        assertThat(r.readMapHeader()).isEqualTo(2);
        assertThat(r.readTextKeyEquals(E)).isTrue();
        assertThat(r.readArrayHeader()).isEqualTo(1);
        assertThat(r.readMapHeader()).isEqualTo(4);
        r.expectKey("k".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(r.readBytes(), StandardCharsets.US_ASCII)).isEqualTo("app.bsky.feed.post/3k");
        r.expectKey("p".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.readLong()).isZero();
        r.expectKey("t".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.readNullOrCid()).isNull();
        r.expectKey("v".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.readCid()).isEqualTo(value);
        assertThat(r.readTextKeyEquals(L)).isTrue();
        assertThat(r.peekKind()).isEqualTo(CborReader.KIND_CID);
        assertThat(r.readNullOrCid()).isEqualTo(left);
        assertThat(r.atEnd()).isTrue();
        r.expectEnd();
    }

    @Test
    void skipChecksWhatItSkipsAndLandsOnTheNextItem() {
        byte[] a = DagCbor.encode(Map.of("x", List.of(1L, "two", new byte[] {3})));
        byte[] both = Arrays.copyOf(a, a.length + 1);
        both[a.length] = (byte) 0xf5;
        CborReader r = new CborReader(both, 0, both.length);
        r.skip();
        assertThat(r.position()).isEqualTo(a.length);
        assertThat(r.readBoolean()).isTrue();

        byte[] unsorted = {(byte) 0xa2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02};
        assertThatThrownBy(() -> new CborReader(unsorted, 0, unsorted.length).skip()).isInstanceOf(CborException.class);
    }

    @Test
    void typedReadsRefuseTheWrongKindWithoutConsuming() {
        byte[] b = DagCbor.encode("text");
        CborReader r = new CborReader(b, 0, b.length);
        assertThatThrownBy(r::readLong).isInstanceOf(CborException.class).hasMessageContaining("expected an integer");
        assertThatThrownBy(r::readCid).isInstanceOf(CborException.class);
        assertThatThrownBy(r::readMapHeader).isInstanceOf(CborException.class);
        assertThat(r.position()).isZero();
        assertThat(r.readTextAsString()).isEqualTo("text");
    }

    @Test
    void mapKeySpansEnforceCanonicalOrder() {
        byte[] b = DagCbor.encode(Map.of("a", 1L, "bb", 2L, "c", 3L));
        CborReader r = new CborReader(b, 0, b.length);
        int n = r.readMapHeader();
        List<String> keys = new ArrayList<>();
        int prev = -1;
        int prevLen = 0;
        for (int i = 0; i < n; i++) {
            prev = r.readMapKeySpan(prev, prevLen);
            prevLen = r.lastLength();
            keys.add(CborReader.decodeUtf8(r.buffer(), prev, prevLen));
            r.skip();
        }
        assertThat(keys).containsExactly("a", "c", "bb");
    }

    @Test
    void lenientReaderCarriesForeignCids() {
        byte[] v0 = new byte[34];
        v0[0] = 0x12;
        v0[1] = 32;
        byte[] block = new byte[2 + 2 + 35];
        block[0] = (byte) 0xd8;
        block[1] = 42;
        block[2] = 0x58;
        block[3] = 35;
        System.arraycopy(v0, 0, block, 5, 34);
        assertThatThrownBy(() -> DagCbor.decode(block)).isInstanceOf(CborException.class).hasMessageContaining("CIDv0");
        Cid c = (Cid) DagCbor.decodeLenient(block, 0, block.length);
        assertThat(c.version()).isZero();
        assertThat(c.isAtproto()).isFalse();
        assertThat(DagCbor.encode(c)).isEqualTo(block);
    }
}
