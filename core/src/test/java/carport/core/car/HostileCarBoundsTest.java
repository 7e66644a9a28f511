package carport.core.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carport.core.cid.Cid;
import carport.core.repo.RepoReader;
import carport.core.repo.RepoVerifier;
import carport.core.repo.TestRepo;
import carport.core.repo.VerifyReport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #9 item 4: one block cap for every CAR reader, and a bounded per-collection count. */
class HostileCarBoundsTest {
    @TempDir
    Path tmp;

    private Path carWithABlockOf(int size) throws Exception {
        byte[] block = new byte[size];
        Cid cid = Cid.of(Cid.RAW, block);
        return new TestCars.Builder(cid).add(cid, block).write(tmp.resolve("big-" + size + ".car"));
    }

    @Test
    void aBlockOverTheCapIsRefusedByTheFileReader() throws Exception {
        Path car = carWithABlockOf(CarHeader.MAX_BLOCK_LENGTH + 1);

        assertThatThrownBy(() -> CarFile.open(car).close())
                .isInstanceOf(CarFormatException.class)
                .hasMessageContaining("larger than the limit of 16 MiB for one block");
    }

    @Test
    void aBlockAtTheCapIsRead() throws Exception {
        Path car = carWithABlockOf(CarHeader.MAX_BLOCK_LENGTH);

        try (CarFile f = CarFile.open(car)) {
            assertThat(f.blockCount()).isEqualTo(1);
        }
    }

    @Test
    void theStreamReaderHasTheSameCap() throws Exception {
        Path over = carWithABlockOf(CarHeader.MAX_BLOCK_LENGTH + 1);
        try (InputStream in = Files.newInputStream(over); CarStreamReader r = new CarStreamReader(in)) {
            assertThatThrownBy(r::next).isInstanceOf(CarFormatException.class);
        }
        Path at = carWithABlockOf(CarHeader.MAX_BLOCK_LENGTH);
        try (InputStream in = Files.newInputStream(at); CarStreamReader r = new CarStreamReader(in)) {
            assertThat(r.next()).isNotNull();
        }
    }

    @Test
    void aDifferentPrefixOnEveryKeyCountsTheSurplusTogether() throws Exception {
        TestRepo.Builder b = new TestRepo.Builder();
        int n = 10_050;
        for (int i = 0; i < n; i++) {
            // valid keys, a different collection each: all an attacker needs to vary
            b.record(String.format("com.example.c%05d/%s", i, TestRepo.tid(i)), Map.of("$type", "x", "n", (long) i));
        }
        Path car = b.write(tmp.resolve("prefixes.car"));
        VerifyReport rep;
        try (RepoReader r = RepoReader.open(car)) {
            rep = RepoVerifier.verify(r, RepoVerifier.Options.defaults());
        }

        assertThat(rep.summary().collections()).as(rep.problems().toString()).hasSize(10_001);
        assertThat(rep.summary().collections().get("(other collections)")).isEqualTo(50);
        assertThat(rep.summary().collections().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(n);
    }
}
