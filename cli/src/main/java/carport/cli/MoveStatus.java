package carport.cli;

import carport.core.syntax.Did;
import carport.export.move.MoveState;
import carport.net.RemoteException;
import carport.net.xrpc.RepoStatus;
import carport.net.xrpc.SyncClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;

/** {@code migrate --status} and {@code restore --status}: the recorded step and each PDS's view; changes nothing. */
final class MoveStatus {
    private MoveStatus() {}

    /**
     * @param named the PDS the DID document names now, if any
     * @param to the target given on the command line, if any
     */
    static void print(PrintWriter stdout, Did did, Path dir, Optional<URI> named, String to, SyncClient sync)
            throws IOException {
        Optional<MoveState> state = Files.isDirectory(dir) ? MoveState.read(dir) : Optional.empty();
        stdout.println("  DID document names: " + named.map(URI::toString).orElse("no PDS"));
        if (state.isEmpty()) {
            stdout.println("  no move recorded in " + dir.resolve(MoveState.NAME));
        } else {
            MoveState s = state.get();
            stdout.println("  recorded: " + s.command() + " from " + s.from().orElse("(gone)") + " to " + s.to()
                    + ", last step done: " + s.step().wireName() + s.updated().map(u -> " (" + u + ")").orElse(""));
            if (s.blobsLeft() > 0) {
                stdout.println("  blobs held back by a rate limit: " + s.blobsLeft());
            }
        }
        LinkedHashSet<String> pdses = new LinkedHashSet<>();
        state.flatMap(MoveState::from).ifPresent(pdses::add);
        state.map(MoveState::to).ifPresent(pdses::add);
        named.map(URI::toString).ifPresent(pdses::add);
        if (to != null) {
            pdses.add(to);
        }
        for (String p : pdses) {
            String what;
            try {
                RepoStatus rs = sync.getRepoStatus(URI.create(p), did);
                what = rs.active() ? "active" : "inactive (" + rs.status().orElse("no reason given") + ")";
            } catch (RemoteException e) {
                what = e.getMessage();
            }
            stdout.println("  " + p + ": " + what);
        }
        stdout.flush();
    }
}
