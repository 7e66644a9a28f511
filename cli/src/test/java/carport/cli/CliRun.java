package carport.cli;

import carport.core.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Runs the command line in-process with captured output, and locates the shared test data. */
record CliRun(int code, String out, String err) {
    /** The core module's copy of the test data (tests run with the cli module folder as working directory). */

    static CliRun run(Object... args) {
        String[] a = Arrays.stream(args).map(Object::toString).toArray(String[]::new);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true,
                StandardCharsets.UTF_8), a);
        return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    List<String> outLines() {
        return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1);
    }

    List<String> errLines() {
        return err.isEmpty() ? List.of() : err.lines().toList();
    }

    static Path cars() {
        return TestData.path("cars");
    }

    static Path car(String name) {
        return cars().resolve(name);
    }

    static Stream<String> realCars() {
        try (Stream<Path> s = Files.list(cars())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".car")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The partial CARs (some MST nodes or record blocks absent). */
    static boolean partial(String car) {
        return car.startsWith("indigo-repo_slice") || car.startsWith("skyfall-attie");
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + clip(out) + "--- stderr\n" + clip(err);
    }

    private static String clip(String s) {
        return s.length() > 3000 ? s.substring(0, 3000) + "...\n" : s;
    }
}
