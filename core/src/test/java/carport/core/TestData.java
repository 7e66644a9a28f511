package carport.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Locates the test data (copies of {@code shared/testdata} and the like, each folder with its PROVENANCE.md)
 * for the tests of every module: a file of the running module's {@code src/test/resources/testdata/} if it
 * has one, otherwise core's, which the other modules read from the source tree (core's test jar leaves the
 * data out). Tests run with their module's folder as the working directory.
 */
public final class TestData {
    /** core's test data, from any module's folder. */
    private static final Path CORE = Path.of("../core/src/test/resources/testdata");

    private TestData() {}

    /** A file or folder under testdata/. */
    public static Path path(String relative) {
        URL url = TestData.class.getResource("/testdata/" + relative);
        if (url != null && url.getProtocol().equals("file")) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        Path p = CORE.resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing test data testdata/" + relative);
        }
        return p;
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files (not folders) of a test data folder, sorted. */
    public static List<Path> files(String folder) {
        try (Stream<Path> s = Files.list(path(folder))) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real repository CARs in core's testdata/cars, by file name. */
    public static Stream<String> realCars() {
        try (Stream<Path> s = Files.list(CORE.resolve("cars"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".car")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
