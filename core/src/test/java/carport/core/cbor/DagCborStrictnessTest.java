package carport.core.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cid.Cid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DagCborStrictnessTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "1817 | non-minimal uint (23 in one extra byte)",
        "190017 | non-minimal uint in 2 bytes",
        "1a0000ffff | non-minimal uint in 4 bytes",
        "1b00000000ffffffff | non-minimal uint in 8 bytes",
        "3817 | non-minimal negative int",
        "1bffffffffffffffff | uint beyond int64",
        "1b8000000000000000 | uint 2^63",
        "3b8000000000000000 | negative beyond int64",
        "f93c00 | half float",
        "fa3f800000 | single float",
        "fb3ff0000000000000 | double float",
        "f7 | undefined",
        "f0 | simple value 16",
        "f820 | simple value 32",
        "ff | break",
        "5f41004100ff | indefinite byte string",
        "7f6161ff | indefinite text string",
        "9f01ff | indefinite array",
        "bf616101ff | indefinite map",
        "1c | reserved additional info 28",
        "c001 | tag 0",
        "d82b4100 | tag 43",
        "d9002a582500017112200000000000000000000000000000000000000000000000000000000000000000 | tag 42 non-minimal",
        "d82a4401711220 | tag 42 truncated CID",
        "d82a5824017112200000000000000000000000000000000000000000000000000000000000000000 | CID without 0x00 prefix",
        "d82a582300122000000000000000000000000000000000000000000000000000000000000000000000 | CIDv0 in tag 42",
        "d82a58250001701220000000000000000000000000000000000000000000000000000000000000000000 | dag-pb CID in tag 42",
        "d82a40 | tag 42 empty bytes",
        "d82a6161 | tag 42 over text",
        "a2616201616101 | map keys out of order",
        "a2616101616101 | duplicate map key",
        "a1626161 | map key without value",
        "a2626161016162 | truncated map",
        "a1616101a0 | extra map entry / trailing",
        "a20101 | integer map key",
        "a14161 01 | byte-string map key",
        "6261ff | invalid UTF-8 (0xff)",
        "62c0af | overlong UTF-8",
        "63eda080 | UTF-8 surrogate",
        "64f4900000 | UTF-8 above U+10FFFF",
        "62c3 | truncated text",
        "61c3 | truncated UTF-8 sequence",
        "5bffffffffffffffff00 | huge byte string length",
        "7b7fffffffffffffff | huge text length",
        "9b7fffffffffffffff | huge array length",
        "bb7fffffffffffffff | huge map length",
        "9a7fffffff | array length beyond remaining data",
        "0101 | trailing bytes",
        " | empty input",
    })
    void rejects(String hex, String why) {
        byte[] data = hex == null ? new byte[0] : hex(hex);
        assertThatThrownBy(() -> DagCbor.decode(data)).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> DagCbor.validate(data, 0, data.length)).isInstanceOf(CborException.class);
        // skipping and decoding stop at the same byte for the same reason
        assertThat(message(() -> DagCbor.validate(data, 0, data.length))).isEqualTo(message(() -> DagCbor.decode(data)));
    }

    private static String message(Runnable r) {
        try {
            r.run();
            return null;
        } catch (CborException e) {
            return e.getMessage();
        }
    }

    @Test
    void skippingNestedContainersLandsWhereDecodingEnds() {
        List<Object> values = List.of(
                Map.of("a", List.of(Map.of("b", List.of())), "c", Map.of()),
                List.of(List.of(1L, 2L, List.of(3L, List.of(), Map.of("x", new byte[] {1}))), List.of(), true),
                Map.of("a", Map.of("b", Map.of("c", Map.of("d", List.of(List.of(List.of()))))), "bb", -5L),
                List.of(Map.of(), List.of(Map.of("k", "v")), "tail"));
        for (Object v : values) {
            byte[] one = DagCbor.encode(v);
            byte[] data = Arrays.copyOf(one, one.length + 1);
            data[one.length] = (byte) 0xf6;
            CborReader r = new CborReader(data, 0, data.length);
            r.skip();
            assertThat(r.position()).isEqualTo(one.length);
            r.readNull();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "00, 0", "17, 23", "1818, 24", "18ff, 255", "190100, 256", "1a00010000, 65536",
        "1b0000000100000000, 4294967296", "1b7fffffffffffffff, 9223372036854775807",
        "20, -1", "37, -24", "3818, -25", "3b7fffffffffffffff, -9223372036854775808",
    })
    void integersDecodeAndEncodeMinimally(String hex, long value) {
        assertThat(DagCbor.decode(hex(hex))).isEqualTo(value);
        assertThat(DagCbor.encode(value)).isEqualTo(hex(hex));
    }

    @Test
    void encoderSortsMapKeysLengthFirstThenBytewise() {
        Map<String, Object> m = new TreeMap<>(); // alphabetical, which is not canonical
        m.put("bb", 1L);
        m.put("a", 2L);
        m.put("c", 3);
        m.put("aaa", null);
        m.put("é", true); // two UTF-8 bytes: sorts with length 2
        byte[] enc = DagCbor.encode(m);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) DagCbor.decode(enc);
        assertThat(new ArrayList<>(back.keySet())).containsExactly("a", "c", "bb", "é", "aaa");
        assertThat(back).containsEntry("c", 3L);
    }

    @Test
    void roundTripsEveryKindOfValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", null);
        m.put("t", true);
        m.put("f", false);
        m.put("i", -42L);
        m.put("s", "héllo 😀");
        m.put("b", new byte[] {1, 2, 3});
        m.put("c", Cid.of(Cid.DAG_CBOR, new byte[] {1}));
        m.put("l", List.of(1L, "x", List.of(), Map.of()));
        byte[] enc = DagCbor.encode(m);
        Object back = DagCbor.decode(enc);
        assertThat(DagCbor.encode(back)).isEqualTo(enc);
        @SuppressWarnings("unchecked")
        Map<String, Object> bm = (Map<String, Object>) back;
        assertThat((byte[]) bm.get("b")).containsExactly(1, 2, 3);
        assertThat(bm.get("c")).isEqualTo(m.get("c"));
        assertThat(bm.get("s")).isEqualTo("héllo 😀");
        assertThat(bm.get("l")).isEqualTo(List.of(1L, "x", List.of(), Map.of()));
    }

    @Test
    void encoderRejectsValuesOutsideTheModel() {
        assertThatThrownBy(() -> DagCbor.encode(1.5)).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> DagCbor.encode(new Object())).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> DagCbor.encode(Map.of(1, 2))).isInstanceOf(CborException.class);
        assertThatThrownBy(() -> DagCbor.encode("\ud800")).isInstanceOf(CborException.class);
        List<Object> deep = new ArrayList<>();
        List<Object> cur = deep;
        for (int i = 0; i < 1000; i++) {
            List<Object> next = new ArrayList<>();
            cur.add(next);
            cur = next;
        }
        assertThatThrownBy(() -> DagCbor.encode(deep)).isInstanceOf(CborException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {CborReader.DEFAULT_MAX_DEPTH + 1, 100_000})
    void deepNestingIsRejectedWithoutStackOverflow(int depth) {
        byte[] data = new byte[depth];
        Arrays.fill(data, (byte) 0x81);
        data[depth - 1] = (byte) 0x80;
        assertThatThrownBy(() -> DagCbor.decode(data)).isInstanceOf(CborException.class)
                .hasMessageContaining("nesting");
        assertThatThrownBy(() -> DagCbor.validate(data, 0, data.length)).isInstanceOf(CborException.class);
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        int depth = CborReader.DEFAULT_MAX_DEPTH;
        byte[] data = new byte[depth];
        Arrays.fill(data, (byte) 0x81);
        data[depth - 1] = (byte) 0x80;
        assertThat(DagCbor.encode(DagCbor.decode(data))).isEqualTo(data);
        DagCbor.validate(data, 0, data.length);
    }

    @Test
    void decodesASubRangeOfALargerArray() {
        byte[] inner = DagCbor.encode(Map.of("a", 1L));
        byte[] outer = new byte[inner.length + 6];
        System.arraycopy(inner, 0, outer, 3, inner.length);
        assertThat(DagCbor.decode(outer, 3, inner.length)).isEqualTo(Map.of("a", 1L));
        assertThatThrownBy(() -> DagCbor.decode(outer, 3, inner.length - 1)).isInstanceOf(CborException.class);
    }
}
