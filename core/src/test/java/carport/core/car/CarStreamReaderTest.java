package carport.core.car;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cbor.DagCbor;
import carport.core.cid.Cid;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CarStreamReaderTest {
    static List<String> realCars() {
        return TestData.realCars().toList();
    }

    @ParameterizedTest
    @MethodSource("realCars")
    void streamingGivesTheSameSectionsAsTheIndexedReader(String name) throws IOException {
        try (CarFile car = CarFile.open(TestData.path("cars/" + name));
                InputStream in = Files.newInputStream(TestData.path("cars/" + name));
                CarStreamReader s = new CarStreamReader(in)) {
            assertThat(s.header()).isEqualTo(car.header());
            for (int i = 0; i < car.sectionCount(); i++) {
                CarBlock b = s.next();
                assertThat(b.cid()).isEqualTo(car.cidAt(i));
                assertThat(b.data()).isEqualTo(car.block(i));
            }
            assertThat(s.next()).isNull();
        }
    }

    private static CarStreamReader stream(byte[] b) throws IOException {
        return new CarStreamReader(new ByteArrayInputStream(b));
    }

    @Test
    void aTamperedBlockStopsTheStream() throws IOException {
        byte[] a = DagCbor.encode(Map.of("a", 1L));
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a));
        Cid ca = Cid.of(Cid.DAG_CBOR, a);
        byte[] bad = a.clone();
        bad[bad.length - 1] ^= 1;
        w.add(ca, bad);
        try (CarStreamReader s = stream(w.bytes())) {
            assertThatThrownBy(s::next).isInstanceOf(CarFormatException.class).hasMessageContaining("does not match its CID");
        }
    }

    @Test
    void framingErrorsAreOneLineCarErrors() throws IOException {
        byte[] a = DagCbor.encode(Map.of("a", 1L));
        TestCars.Builder w = new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a));
        w.add(a);
        byte[] whole = w.bytes();
        try (CarStreamReader s = stream(Arrays.copyOf(whole, whole.length - 1))) {
            assertThatThrownBy(s::next).isInstanceOf(CarFormatException.class).hasMessageContaining("truncated");
        }
        try (CarStreamReader s = stream(new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a)).raw((byte) 0).bytes())) {
            assertThatThrownBy(s::next).hasMessageContaining("zero-length section");
        }
        try (CarStreamReader s = new CarStreamReader(new ByteArrayInputStream(
                new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a)).raw((byte) 0xff, (byte) 0xff, (byte) 0x7f).bytes()), 1000)) {
            assertThatThrownBy(s::next).hasMessageContaining("more than the limit of 1000");
        }
        assertThatThrownBy(() -> stream(new byte[0])).isInstanceOf(CarFormatException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> stream(Files.readAllBytes(TestData.path("car-format/go-car/v2-testdata/sample-wrapped-v2.car"))))
                .hasMessageContaining("CARv2");
        byte[] v0 = new byte[40];
        v0[0] = 0x12;
        v0[1] = 0x20;
        try (CarStreamReader s = stream(new TestCars.Builder(Cid.of(Cid.DAG_CBOR, a)).section(v0).bytes())) {
            assertThatThrownBy(s::next).hasMessageContaining("non-atproto CID");
        }
    }
}
