package carport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** Under the test runner stderr is a pipe; on Java 22+ System.console() is non-null even then. */
    @Test
    void redirectedStderrGetsNoProgressLine() {
        StringWriter sw = new StringWriter();
        Progress p = new Progress(new PrintWriter(sw), false);
        p.update("  1/2 blobs");
        p.done();
        assertThat(p.terminal()).isFalse();
        assertThat(sw.toString()).isEmpty();
    }
}
