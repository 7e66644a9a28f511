package carport.export.unpack;

import carport.core.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import carport.core.json.AtJson;
import carport.core.repo.RepoReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnpackerWriterThreadsTest {
    @TempDir
    Path tmp;

    private static Path car(String name) throws URISyntaxException {
        return TestData.path("cars/" + name);
    }

    @Test
    void everyWriterThreadCountWritesOneFilePerRecordHoldingItsJson() throws Exception {
        // 278 records: several batches for the writer threads
        Path car = car("repo-stream-little.car");
        List<String> expected = new ArrayList<>();
        try (RepoReader r = RepoReader.open(car)) {
            byte[] commit = r.car().get(r.commit().cid());
            expected.add(AtJson.transcode(commit, 0, commit.length, true) + "\n");
            r.forEachRecord(rec -> {
                byte[] b = r.recordBlock(rec.cid());
                expected.add(AtJson.transcode(b, 0, b.length, true) + "\n");
            });
        }
        expected.sort(null);
        Map<String, String> first = null;
        for (int threads : new int[] {0, 1, 2}) {
            Path dir = tmp.resolve("out" + threads);
            Unpacker.Result result;
            try (RepoReader r = RepoReader.open(car)) {
                result = Unpacker.unpack(r, dir, Unpacker.Options.defaults().withWriterThreads(threads));
            }
            assertThat(result.written()).isEqualTo(278);
            assertThat(result.problemCount()).isZero();
            Map<String, String> files = files(result.target());
            assertThat(files).hasSize(279);
            assertThat(new ArrayList<>(files.values()).stream().sorted().toList()).isEqualTo(expected);
            if (first == null) {
                first = files;
            } else {
                assertThat(files).isEqualTo(first);
            }
        }
    }

    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
