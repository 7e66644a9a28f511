package carport.export.unpack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the test data is (synthetic repositories: {@link carport.core.repo.TestRepo}). */
final class TestRepos {
    /** The core module's copy of the shared test data (tests run with the module folder as working dir). */
    static final Path DATA = Path.of("../core/src/test/resources/testdata");

    private TestRepos() {}

    static Path cars() {
        return DATA.resolve("cars");
    }

    static Stream<String> realCars() {
        try (Stream<Path> s = Files.list(cars())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".car")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
