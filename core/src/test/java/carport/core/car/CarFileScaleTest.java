package carport.core.car;

import static org.assertj.core.api.Assertions.assertThat;

import carport.core.cid.Cid;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A million blocks: the index must stay small (the brief: 1M blocks in -Xmx256m with other work). */
class CarFileScaleTest {
    private static final int BLOCKS = 1_000_000;

    @TempDir
    Path tmp;

    @Test
    void aMillionBlocksIndexInUnderFortyMegabytes() throws Exception {
        Path file = tmp.resolve("million.car");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Cid last = null;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            byte[] header = carport.core.cbor.DagCbor.encode(java.util.Map.of("version", 1L, "roots", java.util.List.of()));
            TestCars.varint(h, header.length);
            h.writeBytes(header);
            out.write(h.toByteArray());
            byte[] block = new byte[8];
            for (int i = 0; i < BLOCKS; i++) {
                for (int j = 0; j < 8; j++) {
                    block[j] = (byte) (i >>> (8 * (j % 4)));
                }
                block[7] = (byte) (block[7] ^ 0x5a);
                last = Cid.ofDigest(Cid.RAW, sha.digest(block));
                out.write(36 + 8);
                out.write(last.toBytes());
                out.write(block);
            }
        }
        long before = usedHeap();
        try (CarFile car = CarFile.open(file)) {
            long retained = usedHeap() - before;
            assertThat(car.sectionCount()).isEqualTo(BLOCKS);
            assertThat(car.blockCount()).isEqualTo(BLOCKS);
            assertThat(retained).isLessThan(40L << 20);
            assertThat(car.get(last)).hasSize(8);
            assertThat(car.verifyAll(2)).isEmpty();
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
