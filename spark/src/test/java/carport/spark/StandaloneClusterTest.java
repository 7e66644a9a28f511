package carport.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cluster test's loopback check: it tells loopback listeners from the others (so it can fail). */
class StandaloneClusterTest {
    private static final List<String> TABLE = List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1",
            "   1: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1",
            "   2: 0A00020F:1F92 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1003 1",
            "   3: 00000000:1F93 0100007F:9999 01 00000000:00000000 00:00000000 00000000     0        0 1004 1",
            "   4: 00000000:1F94 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2000 1");

    @Test
    void wildcardAndOutwardListenersAreReportedLoopbackOnesAreNot() {
        // 1001 on 127.0.0.1; 1002 on 0.0.0.0; 1003 on 15.2.0.10; 1004 connected, not listening; 2000 not ours
        assertThat(StandaloneCluster.nonLoopbackListening(TABLE, Set.of("1001", "1002", "1003", "1004")))
                .containsExactly("00000000:1F91", "0A00020F:1F92");
        assertThat(StandaloneCluster.nonLoopbackListening(TABLE, Set.of("1001"))).isEmpty();
    }

    @Test
    void readsThisProcessesOwnLoopbackListenerAsFine() throws Exception {
        try (ServerSocket lo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(StandaloneCluster.nonLoopbackListeners(Set.of(ProcessHandle.current().pid())))
                    .noneMatch(l -> l.endsWith(String.format(":%04X", lo.getLocalPort())));
        }
    }
}
