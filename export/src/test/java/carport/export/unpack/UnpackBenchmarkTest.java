package carport.export.unpack;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.car.CarFile;
import carport.core.json.AtJson;
import carport.core.repo.RepoReader;
import carport.core.repo.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpack speed against the floor of writing the same files with a plain {@code Files.write} loop. Run with
 * {@code -Dcarport.bench=100000} (the record count); skipped otherwise, as it takes a while and wants a quiet
 * machine. Nothing is deleted between runs: on ext4, creating files right after deleting many is slowed by
 * the kernel skipping recently freed inodes, which would distort whichever run comes next.
 */
@EnabledIfSystemProperty(named = "carport.bench", matches = "\\d+")
class UnpackBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void unpackKeepsUpWithAPlainFilesWriteLoop() throws IOException {
        int n = Integer.getInteger("carport.bench");
        int rounds = Integer.getInteger("carport.bench.rounds", 2);
        Path car = TestRepo.synthetic(n).write(tmp.resolve("bench.car"));

        // the baseline writes exactly the files unpack writes, contents prepared in memory beforehand
        List<Path> rel = new ArrayList<>();
        List<byte[]> content = new ArrayList<>();
        try (RepoReader r = RepoReader.open(car); CarFile cf = CarFile.open(car)) {
            r.forEachRecord(rec -> {
                rel.add(Path.of(rec.collection(), rec.rkey() + ".json"));
                byte[] b = cf.get(rec.cid());
                content.add((AtJson.transcode(b, 0, b.length, true) + "\n").getBytes());
            });
        }
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        for (int round = 0; round < rounds; round++) {
            Path out = tmp.resolve("plain-" + round);
            long t0 = System.nanoTime();
            String lastDir = null;
            for (int i = 0; i < rel.size(); i++) {
                Path p = out.resolve(rel.get(i));
                String d = rel.get(i).getParent().toString();
                if (!d.equals(lastDir)) {
                    Files.createDirectories(p.getParent());
                    lastDir = d;
                }
                Files.write(p, content.get(i));
            }
            best[0] = Math.min(best[0], System.nanoTime() - t0);
            for (int threads = 0; threads <= 2; threads++) {
                Path dir = tmp.resolve("unpack-" + round + "-" + threads);
                long t1 = System.nanoTime();
                try (RepoReader r = RepoReader.open(car)) {
                    Unpacker.Result res = Unpacker.unpack(r, dir, Unpacker.Options.defaults().withWriterThreads(threads));
                    assertThat(res.written()).isEqualTo(n);
                }
                best[threads + 1] = Math.min(best[threads + 1], System.nanoTime() - t1);
            }
        }
        System.out.printf("%d records, best of %d: Files.write loop %.0f ms; unpack 0/1/2 writer threads %.0f / %.0f"
                + " / %.0f ms; ratio (loop/unpack) %.2f / %.2f / %.2f%n", n, rounds, best[0] / 1e6, best[1] / 1e6,
                best[2] / 1e6, best[3] / 1e6, (double) best[0] / best[1], (double) best[0] / best[2],
                (double) best[0] / best[3]);
        int chosen = Unpacker.Options.defaults().writerThreads();
        assertThat((double) best[0] / best[chosen + 1]).isGreaterThanOrEqualTo(0.7);
    }
}
