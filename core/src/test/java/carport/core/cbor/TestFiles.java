package carport.core.cbor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates files copied under src/test/resources/testdata. */
public final class TestFiles {
    private TestFiles() {}

    public static Path path(String relative) {
        URL url = TestFiles.class.getResource("/testdata/" + relative);
        if (url == null) {
            throw new IllegalStateException("missing test resource testdata/" + relative);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
