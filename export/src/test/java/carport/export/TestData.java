package carport.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Files under {@code src/test/resources/testdata/} (copies of {@code shared/testdata}, see their PROVENANCE.md). */
final class TestData {
    private TestData() {}

    static Path path(String relative) {
        URL url = TestData.class.getResource("/testdata/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("no test data " + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files in a test data folder, sorted. */
    static List<Path> files(String folder) {
        try (Stream<Path> s = Files.list(path(folder))) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
