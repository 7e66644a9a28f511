package carport.core.car;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** go-car's CAR edge cases: each file must read or fail with the documented one-line reason. */
class CarFormatCorpusTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> goCarFiles() {
        return Stream.of(
                // blake2b-256 CIDs (the root first): CAR framing go-car reads, but not atproto CIDs
                Arguments.of("v2-testdata/sample-v1.car", "is not an atproto CID"),
                Arguments.of("v2-testdata/sample-v1-noidentity.car", "is not an atproto CID"),
                Arguments.of("v2-testdata/sample-v1-with-zero-len-section.car", "is not an atproto CID"),
                Arguments.of("v2-testdata/sample-v1-with-zero-len-section2.car", "is not an atproto CID"),
                Arguments.of("v2-testdata/sample-v1-tailing-corrupt-section.car", "is not an atproto CID"),
                Arguments.of("v2-testdata/sample-corrupt-pragma.car", "truncated"),
                Arguments.of("v2-testdata/sample-rootless-v42.car", "unsupported CAR version 42"),
                Arguments.of("v2-testdata/sample-wrapped-v2.car", "CARv2"),
                Arguments.of("v2-testdata/sample-rw-bs-v2.car", "CARv2"),
                Arguments.of("cmd-car-inputs/badheaderlength.car", "header length 216830324832 is larger than the limit"),
                Arguments.of("cmd-car-inputs/badsectionlength.car", "section at offset 18 needs 216830324832 bytes"),
                // dag-pb with CIDv0 roots
                Arguments.of("cmd-car-inputs/simple-unixfs.car", "root Qm"),
                Arguments.of("cmd-car-inputs/simple-unixfs-missing-blocks.car", "root Qm"));
    }

    @ParameterizedTest
    @MethodSource("goCarFiles")
    void goCarFileFailsWithTheExpectedOneLineReason(String file, String expected) {
        Throwable t = catchThrowable(() -> CarFile.open(TestData.path("car-format/go-car/" + file)).close());
        assertThat(t).isInstanceOf(CarFormatException.class);
        assertThat(t.getMessage()).doesNotContain("\n").contains(expected);
    }

    static List<String> fuzzCorpus() throws IOException {
        try (Stream<Path> s = Files.list(TestData.path("car-format/go-car/fuzz-corpus"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("fuzzCorpus")
    void goFuzzCrasherReadsOrFailsWithAOneLineCarError(String name) throws IOException {
        byte[] input = goFuzzInput(Files.readString(TestData.path("car-format/go-car/fuzz-corpus/" + name)));
        Path file = Files.write(tmp.resolve("in.car"), input);
        Throwable t = catchThrowable(() -> {
            try (CarFile car = CarFile.open(file)) {
                car.verifyAll(1);
            }
        });
        if (t != null) {
            assertThat(t).isInstanceOf(CarFormatException.class);
            assertThat(t.getMessage()).doesNotContain("\n");
        }
    }

    /** Decodes the single {@code []byte("...")} value of a Go fuzz corpus file ("go test fuzz v1"). */
    static byte[] goFuzzInput(String text) {
        int start = text.indexOf("[]byte(\"");
        if (!text.startsWith("go test fuzz v1") || start < 0) {
            throw new IllegalArgumentException("not a go fuzz corpus file");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = start + 8;
        while (text.charAt(i) != '"') {
            char c = text.charAt(i++);
            if (c != '\\') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                if (Character.isHighSurrogate(c)) {
                    throw new IllegalArgumentException("surrogates not handled");
                }
                continue;
            }
            char e = text.charAt(i++);
            switch (e) {
                case 'a': out.write(7); break;
                case 'b': out.write(8); break;
                case 'f': out.write(12); break;
                case 'n': out.write(10); break;
                case 'r': out.write(13); break;
                case 't': out.write(9); break;
                case 'v': out.write(11); break;
                case '\\': out.write('\\'); break;
                case '"': out.write('"'); break;
                case '\'': out.write('\''); break;
                case 'x':
                    out.write(Integer.parseInt(text.substring(i, i + 2), 16));
                    i += 2;
                    break;
                case 'u':
                    out.writeBytes(new String(Character.toChars(Integer.parseInt(text.substring(i, i + 4), 16)))
                            .getBytes(StandardCharsets.UTF_8));
                    i += 4;
                    break;
                default:
                    if (e >= '0' && e <= '7') {
                        out.write(Integer.parseInt(text.substring(i - 1, i + 2), 8));
                        i += 2;
                        break;
                    }
                    throw new IllegalArgumentException("unknown escape \\" + e);
            }
        }
        return out.toByteArray();
    }
}
