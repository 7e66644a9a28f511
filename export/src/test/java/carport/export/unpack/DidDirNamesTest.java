package carport.export.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.InvalidDataException;
import carport.core.syntax.Did;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DidDirNamesTest {
    private static final String ID_ALPHABET = "ABCXYZabcxyz0189._:%-";

    static Stream<DidDirNames> modes() {
        return Stream.of(DidDirNames.PLAIN, DidDirNames.of(true, false), DidDirNames.of(false, true),
                DidDirNames.of(true, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "false|false|did:plc:z72i7hdynmk6r22z27h6tvur|did:plc:z72i7hdynmk6r22z27h6tvur",
        "true |false|did:plc:z72i7hdynmk6r22z27h6tvur|did:plc:z72i7hdynmk6r22z27h6tvur",
        "false|true |did:plc:z72i7hdynmk6r22z27h6tvur|%64id%3Aplc%3Az72i7hdynmk6r22z27h6tvur",
        "false|false|did:web:localhost%3A1234|did:web:localhost%3A1234",
        "true |false|did:web:localhost%3A1234|%64id:web:localhost%253%411234",
        "true |false|did:web:localhost%3a1234|did:web:localhost%3a1234",
        "false|true |did:web:localhost%3A1234|%64id%3Aweb%3Alocalhost%253A1234",
        "true |false|did:web:Example.com|%64id:web:%45xample.com",
        "true |false|did:web:A%41|%64id:web:%41%2541",
        "false|true |did:web:example.com.|%64id%3Aweb%3Aexample.com%2E",
        "false|false|did:web:..|did:web:..",
    })
    void examples(boolean ci, boolean win, String did, String expected) {
        DidDirNames m = DidDirNames.of(ci, win);
        assertThat(m.relativePath(Did.parse(did))).isEqualTo(expected);
        assertThat(m.parse(expected)).isEqualTo(Did.parse(did));
    }

    static List<String> randomDids() {
        Random r = new Random(7);
        List<String> out = new ArrayList<>(List.of("did:plc:ewvi7nxzyoun6zhxrhs64oiz", "did:web:..", "did:web:.",
                "did:web:a.", "did:web:%2e%2e", "did:web:" + "x".repeat(2040), "did:web:" + "%41".repeat(300) + "z",
                "did:web:" + "A".repeat(600), "did:web:" + ".".repeat(600) + "a"));
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder("did:").append("abcweb".charAt(r.nextInt(6))).append("x:");
            int len = 1 + (i % 10 == 0 ? r.nextInt(900) : r.nextInt(30));
            for (int j = 0; j < len; j++) {
                sb.append(ID_ALPHABET.charAt(r.nextInt(ID_ALPHABET.length())));
            }
            if (sb.charAt(sb.length() - 1) == ':' || sb.charAt(sb.length() - 1) == '%') {
                sb.append('q');
            }
            out.add(sb.toString());
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("modes")
    void everyDidRoundTripsAndEveryComponentIsSafe(DidDirNames m) {
        Map<String, String> seen = new HashMap<>();
        for (String s : randomDids()) {
            Did did = Did.parse(s);
            String rel = m.relativePath(did);
            assertThat(m.parse(rel)).as(rel).isEqualTo(did);
            for (String c : rel.split("/", -1)) {
                assertThat(c).as(rel).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..").doesNotContain("\\");
                assertThat(c.length()).isLessThanOrEqualTo(RecordFileNames.MAX_NAME_BYTES);
                assertThat(c.charAt(0)).isIn('d', '%', '+');
                if (m.windows()) {
                    assertThat(c).doesNotContain(":").doesNotEndWith(".").doesNotEndWith(" ");
                }
                if (m.caseInsensitive()) {
                    assertThat(c.replaceAll("%[0-9A-F]{2}", "")).isEqualTo(c.replaceAll("%[0-9A-F]{2}", "")
                            .toLowerCase(Locale.ROOT));
                }
            }
            String folded = m.caseInsensitive() ? rel.toLowerCase(Locale.ROOT) : rel;
            String before = seen.put(folded, s);
            assertThat(before == null || before.equals(s)).as("collision: " + s + " and " + before).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "did:plc:a/b", "did:plc:abc/", "+did:plc:abc", "%64id%3Aplc", "did:plc:..%",
        "+did:web:a+", "%64id:plc:abc", "did:PLC:x", "../x", "did:plc:x/../y"})
    void pathsThisLayoutDoesNotWriteAreRejected(String path) {
        assertThatThrownBy(() -> DidDirNames.PLAIN.parse(path)).isInstanceOf(InvalidDataException.class);
    }

    @Test
    void escapedNamesAreRejectedInPlainModeAndPlainOnesWhereEscapingIsNeeded() {
        assertThatThrownBy(() -> DidDirNames.PLAIN.parse("%64id:plc:abc")).isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> DidDirNames.of(false, true).parse("did:plc:abc"))
                .isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> DidDirNames.of(true, false).parse("did:web:Abc"))
                .isInstanceOf(InvalidDataException.class);
    }

    @Test
    void tagIsShortAndFileNameSafe() {
        assertThat(DidDirNames.tag(Did.parse("did:plc:z72i7hdynmk6r22z27h6tvur"))).isEqualTo(
                "did_plc_z72i7hdynmk6r22z27h6tvur");
        assertThat(DidDirNames.tag(Did.parse("did:web:Ex.com%3A8080"))).isEqualTo("did_web_ex_com_3a8080");
        assertThat(DidDirNames.tag(Did.parse("did:web:" + "a".repeat(500)))).hasSize(64);
    }
}
