package carport.export.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue #9 item 8: a writer thread that dies of an Error must not leave unpack waiting forever. */
class ThreadedSinkTest {
    @Test
    void anErrorInAWriterThreadReachesTheWalkingThreadInsteadOfHangingIt() {
        AtomicInteger created = new AtomicInteger();
        Unpacker.FileCreator dies = (file, b, off, len) -> {
            if (created.incrementAndGet() >= 10) {
                throw new OutOfMemoryError("test: the writer ran out of memory");
            }
        };
        Unpacker.Out content = new Unpacker.Out(16);
        content.write(new byte[] {'{', '}'}, 0, 2);

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Unpacker.ThreadedSink sink = new Unpacker.ThreadedSink(2, dies);
            assertThatThrownBy(() -> {
                // far more batches than the queue holds: with dead writers, put() would block forever
                for (int i = 0; i < 100_000; i++) {
                    sink.write(Path.of("f" + i), content);
                }
                sink.flush();
            }).isInstanceOf(OutOfMemoryError.class).hasMessageContaining("test: the writer");
            assertThatThrownBy(sink::close).isInstanceOf(OutOfMemoryError.class);
        });
        assertThat(created.get()).isLessThan(100_000);
    }
}
