package carport.core.syntax;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every line of the atproto interop syntax vectors: {@code *_syntax_valid.txt} must parse,
 * {@code *_syntax_invalid.txt} and {@code *_parse_invalid.txt} must be rejected by both
 * {@code isValid} and {@code parse}.
 */
class InteropSyntaxVectorsTest {

    private record Kind(String label, Predicate<String> isValid, Function<String, Object> parse) {}

    /** File prefix -> type under test. cid and uri belong to other packages. */
    private static final Map<String, Kind> KINDS = Map.of(
            "did", new Kind("DID", Did::isValid, Did::parse),
            "handle", new Kind("handle", Handle::isValid, Handle::parse),
            "nsid", new Kind("NSID", Nsid::isValid, Nsid::parse),
            "recordkey", new Kind("record key", RecordKey::isValid, RecordKey::parse),
            "tid", new Kind("TID", Tid::isValid, Tid::parse),
            "atidentifier", new Kind("at-identifier", AtIdentifier::isValid, AtIdentifier::parse),
            "aturi", new Kind("AT URI", AtUri::isValid, AtUri::parse),
            "datetime", new Kind("datetime", Datetime::isValid, Datetime::parse),
            "language", new Kind("language", Language::isValid, Language::parse));

    private static final List<String> LEFT_TO_OTHERS = List.of("cid", "uri");

    static Path dir() {
        return TestData.path("interop/syntax");
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String prefix(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.indexOf('_'));
    }

    /** One string per line; '#' starts a comment line; blank lines are skipped. Spaces are data. */
    static List<String> lines(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> vectors(boolean wantValid) {
        List<Arguments> out = new ArrayList<>();
        for (Path f : files()) {
            String name = f.getFileName().toString();
            Kind kind = KINDS.get(prefix(f));
            if (kind == null) {
                continue;
            }
            boolean valid = name.endsWith("_syntax_valid.txt");
            if (valid != wantValid) {
                continue;
            }
            List<String> lines = lines(f);
            for (int i = 0; i < lines.size(); i++) {
                String s = lines.get(i);
                String shown = s.length() > 60 ? s.substring(0, 60) + "...(" + s.length() + ")" : s;
                out.add(Arguments.of(name + " #" + (i + 1) + " [" + shown + "]", kind, s));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> valid() {
        return vectors(true);
    }

    static Stream<Arguments> invalid() {
        return vectors(false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void acceptsEveryValidVector(String name, Kind kind, String s) {
        assertThat(kind.isValid().test(s)).as("isValid").isTrue();
        Object parsed = kind.parse().apply(s);
        String canonical = parsed.toString();
        // Handles (also inside AT identifiers / URIs) normalise to lower case; nothing else changes.
        assertThat(canonical).isEqualToIgnoringCase(s);
        assertThat(kind.parse().apply(canonical)).isEqualTo(parsed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsEveryInvalidVector(String name, Kind kind, String s) {
        assertThat(kind.isValid().test(s)).as("isValid").isFalse();
        assertThatThrownBy(() -> kind.parse().apply(s))
                .isInstanceOf(InvalidSyntaxException.class)
                .hasMessageStartingWith("invalid " + kind.label() + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
    }

    @Test
    void everyVectorFileIsCoveredOrExplicitlyLeftToAnotherPackage() {
        List<Path> files = files();
        assertThat(files).hasSizeGreaterThanOrEqualTo(24);
        for (Path f : files) {
            String p = prefix(f);
            assertThat(KINDS.containsKey(p) || LEFT_TO_OTHERS.contains(p)).as(f.toString()).isTrue();
            assertThat(lines(f)).as(f.toString()).isNotEmpty();
        }
        assertThat(valid().count()).isGreaterThan(220);
        assertThat(invalid().count()).isGreaterThan(260);
    }
}
