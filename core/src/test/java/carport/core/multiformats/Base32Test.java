package carport.core.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {
    // RFC 4648 section 10 test vectors, lower-cased and without padding
    @ParameterizedTest
    @CsvSource({"'',''", "f,my", "fo,mzxq", "foo,mzxw6", "foob,mzxw6yq", "fooba,mzxw6ytb", "foobar,mzxw6ytboi"})
    void matchesRfc4648Vectors(String plain, String encoded) {
        byte[] b = plain.getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.encode(b)).isEqualTo(encoded);
        assertThat(Base32.decode(encoded, 0)).isEqualTo(b);
        assertThat(Base32.encode(b, 0, b.length, 'b')).isEqualTo("b" + encoded);
    }

    @Test
    void roundTripsRandomBytesOfEveryLength() {
        Random r = new Random(42);
        for (int len = 0; len < 80; len++) {
            byte[] b = new byte[len];
            r.nextBytes(b);
            String s = Base32.encode(b);
            assertThat(s).matches("[a-z2-7]*");
            assertThat(Base32.decode(s, 0)).isEqualTo(b);
        }
    }

    @Test
    void rejectsImpossibleLengthsForeignCharactersAndNonZeroTrailingBits() {
        assertThat(Base32.decode("a", 0)).isNull();
        assertThat(Base32.decode("abc", 0)).isNull();
        assertThat(Base32.decode("MZXW6", 0)).isNull();
        assertThat(Base32.decode("mz", 0)).isNull(); // "my" is canonical for "f"; "mz" sets an unused bit
        assertThat(Base32.decode("my", 0)).isEqualTo(new byte[] {'f'});
    }
}
