package carport.cli;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command on inputs that are not repository CARs: one clear line on stderr, non-zero exit, no hang. */
class BadInputTest {
    @TempDir
    static Path tmp;

    /** The command lines to try on a file, with {@code FILE} as a placeholder. */
    static List<List<Object>> commands(Path file) {
        return List.of(List.of("list-records", file), List.of("list-records", "--json", file),
                List.of("inspect", file), List.of("inspect", "--json", file), List.of("mst", file),
                List.of("verify", file, "--no-signature"),
                List.of("unpack-records", file, "-o", tmp.resolve("unpacked")));
    }

    static Stream<Path> carFormatFiles() throws IOException {
        try (Stream<Path> s = Files.walk(TestData.path("car-format"))) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted()
                    .toList().stream();
        }
    }

    static Stream<Path> craftedFiles() throws IOException {
        Files.createDirectories(tmp);
        byte[] real = Files.readAllBytes(CliRun.car("arroba-snarfed2.car"));
        List<Path> out = new ArrayList<>();
        out.add(Files.write(tmp.resolve("empty.car"), new byte[0]));
        out.add(Files.writeString(tmp.resolve("text.car"), "hello, this is not a CAR file\n"));
        out.add(Files.writeString(tmp.resolve("json.car"), "{\"roots\": [], \"version\": 1}"));
        out.add(Files.write(tmp.resolve("huge-header-length.car"),
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}));
        out.add(Files.write(tmp.resolve("overlong-varint.car"), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}));
        byte[] hugeSection = Arrays.copyOf(real, 0x3b + 6);
        hugeSection[0x3b] = (byte) 0xff;
        hugeSection[0x3b + 1] = (byte) 0xff;
        hugeSection[0x3b + 2] = (byte) 0xff;
        hugeSection[0x3b + 3] = (byte) 0xff;
        hugeSection[0x3b + 4] = (byte) 0xff;
        hugeSection[0x3b + 5] = 0x0f;
        out.add(Files.write(tmp.resolve("huge-section-length.car"), hugeSection));
        for (int cut : new int[] {1, 10, 0x3b, 0x3c, 100, real.length / 2, real.length - 1}) {
            out.add(Files.write(tmp.resolve("truncated-" + cut + ".car"), Arrays.copyOf(real, cut)));
        }
        byte[] magic = real.clone();
        magic[1] = 'X';
        out.add(Files.write(tmp.resolve("wrong-magic.car"), magic));
        out.add(Files.createDirectories(tmp.resolve("a-directory.car")));
        out.add(tmp.resolve("does-not-exist.car"));
        return out.stream();
    }

    private static void check(Path file, List<Object> cmd) {
        CliRun r = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.run(cmd.toArray()));
        assertThat(r.code()).as(cmd + " " + r).isIn(ExitCode.INVALID, ExitCode.USAGE);
        assertThat(r.errLines()).as(cmd + " " + r).hasSize(1);
        assertThat(r.errLines().get(0)).as(cmd + " " + r).startsWith("carport: ").doesNotContain("internal error")
                .doesNotContain("Exception").hasSizeLessThan(400);
        assertThat(r.out()).as(cmd + " " + r).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("carFormatFiles")
    void goCarCorpusFilesAreRefusedWithOneLine(Path file) {
        for (List<Object> cmd : commands(file)) {
            check(file, cmd);
        }
    }

    @ParameterizedTest
    @MethodSource("craftedFiles")
    void brokenFilesAreRefusedWithOneLine(Path file) {
        for (List<Object> cmd : commands(file)) {
            check(file, cmd);
        }
    }

    @Test
    void missingFilesAndDirectoriesAreUsageErrors() throws IOException {
        assertThat(CliRun.run("inspect", tmp.resolve("nope.car")).code()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.run("inspect", Files.createDirectories(tmp.resolve("d"))).errLines())
                .containsExactly("carport: " + tmp.resolve("d") + " is a directory, not a CAR file");
    }

    /** Offsets where a section ends: a CAR cut there is well formed, just missing blocks. */
    static List<Integer> sectionEnds(byte[] car) {
        List<Integer> ends = new ArrayList<>();
        int pos = 0;
        while (pos < car.length) {
            long len = 0;
            int shift = 0;
            int b;
            do {
                b = car[pos++] & 0xff;
                len |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            pos += (int) len;
            ends.add(pos);
        }
        return ends;
    }

    @Test
    void everyTruncationOfARealCarIsRefusedCleanlyOrReadAsPartial() throws IOException {
        byte[] real = Files.readAllBytes(CliRun.car("arroba-snarfed2.car"));
        List<Integer> ends = sectionEnds(real);
        Path f = tmp.resolve("cut.car");
        for (int cut = 1; cut < real.length; cut++) {
            Files.write(f, Arrays.copyOf(real, cut));
            CliRun list = CliRun.run("list-records", f);
            CliRun inspect = CliRun.run("inspect", f);
            if (!ends.contains(cut)) {
                for (CliRun r : List.of(list, inspect)) {
                    assertThat(r.code()).as(cut + " " + r).isEqualTo(ExitCode.INVALID);
                    assertThat(r.errLines()).as(cut + " " + r).singleElement().asString()
                            .startsWith("carport: CAR file truncated");
                }
            } else if (list.code() != ExitCode.INVALID) {
                // a well-formed CAR holding the commit but missing later blocks (exit 4 only if MST nodes are
                // missing: record blocks are not needed to list keys and CIDs)
                assertThat(list.code()).as(cut + " " + list).isIn(ExitCode.OK, ExitCode.PARTIAL);
                assertThat(inspect.code()).as(cut + " " + inspect).isZero();
                assertThat(inspect.out()).contains("partial:");
            } else {
                // the commit block itself is cut away
                assertThat(list.errLines()).as(cut + " " + list).singleElement().asString().contains("commit");
            }
        }
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(CliRun.run("frobnicate").code()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.run("list-records").code()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.run("list-records", CliRun.car("repo-stream-tiny.car"), "--bogus").code())
                .isEqualTo(ExitCode.USAGE);
    }
}
