package carport.core.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultibaseTest {

    // Known values from the base58 / RFC 4648 literature.
    @ParameterizedTest
    @CsvSource({
        "Hello World!, 2NEpo7TZRRrLZSi2U",
        "The quick brown fox jumps over the lazy dog., USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
    })
    void base58MatchesKnownValues(String text, String b58) {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(Base58.encode(data)).isEqualTo(b58);
        assertThat(Multibase.decode("z" + b58)).isEqualTo(data);
    }

    @Test
    void base58KeepsLeadingZeroBytesAsOnes() {
        byte[] data = {0, 0, 0, 1};
        assertThat(Base58.encode(data)).isEqualTo("1112");
        assertThat(Multibase.decodeBase58btc("1112")).isEqualTo(data);
        assertThat(Multibase.decodeBase58btc("1")).isEqualTo(new byte[1]);
    }

    @Test
    void base32MatchesRfc4648LowerCaseWithoutPadding() {
        assertThat(Multibase.encodeBase32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("bmzxw6ytboi");
        assertThat(Multibase.decode("bmzxw6ytboi")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        assertThat(Multibase.decode("bmy")).isEqualTo("f".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void randomBytesRoundTripThroughBothEncodings() {
        Random rnd = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[1 + rnd.nextInt(70)];
            rnd.nextBytes(data);
            if (data.length > 2 && i % 3 == 0) {
                data[0] = 0;
            }
            assertThat(Multibase.decode(Multibase.encodeBase32(data))).isEqualTo(data);
            if (data.length > 0) {
                assertThat(Multibase.decode(Multibase.encodeBase58btc(data))).isEqualTo(data);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "z", "zO0Il", "mAAAA", "BMZXW6YTBOI", "bmz", "bmzxw6ytboi=", "bmZ", "bmzxw6ytboj"})
    void invalidOrNonCanonicalStringsAreRejected(String s) {
        assertThatThrownBy(() -> Multibase.decode(s)).isInstanceOf(InvalidDataException.class);
    }
}
