package carport.cli;

import carport.core.car.CarFile;
import carport.core.cid.Cid;
import carport.core.mst.MstKeys;
import carport.core.mst.MstNode;
import carport.core.mst.MstVisitor;
import carport.core.mst.MstWalker;
import carport.core.repo.Commit;
import carport.core.repo.RepoReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carport mst}: the shape of a repository's Merkle search tree, layer by layer. */
@Command(name = "mst", mixinStandardHelpOptions = true,
        description = {
            "Prints the Merkle search tree of a repository CAR, layer by layer.",
            "",
            "From the top layer down: each node (CID, number of keys) and its keys, indented; a key whose hash "
                    + "puts it on another layer is marked '!'. --max-nodes and --max-keys bound the output; the "
                    + "totals always count the whole tree. Exit 4 if MST nodes are missing (a partial CAR), 1 if "
                    + "a node is unreadable."})
final class MstCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.car", description = "the repository CAR file")
    Path file;

    @Option(names = "--max-nodes", paramLabel = "N", description = "nodes shown per layer (default: ${DEFAULT-VALUE})")
    int maxNodes = 32;

    @Option(names = "--max-keys", paramLabel = "N", description = "keys shown per node (default: ${DEFAULT-VALUE})")
    int maxKeys = 16;

    @Override
    public Integer call() throws IOException {
        if (maxNodes < 0 || maxKeys < 0) {
            throw new UsageException("--max-nodes and --max-keys must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (RepoReader reader = CarInput.open(file)) {
            return print(reader.car(), reader.commit(), out);
        } finally {
            out.flush();
        }
    }

    private int print(CarFile car, Commit commit, PrintWriter out) {
        out.append("MST of ").append(commit.did().toString())
                .append(commit.rev() != null ? " rev " + Text.safe(commit.rev()) : "")
                .append(", root ").append(commit.data().toString()).append('\n');
        Layers layers = new Layers();
        MstWalker.walk(car, commit.data(), layers, MstWalker.Options.LENIENT);
        long totalKeys = 0;
        for (Layer l : layers.byDepth) {
            out.append("layer ").append(Integer.toString(l.layer)).append(" (").append(Integer.toString(l.nodes))
                    .append(l.nodes == 1 ? " node)\n" : " nodes)\n");
            out.append(l.shownText);
            if (l.nodes > l.shown) {
                out.append("  ... ").append(Integer.toString(l.nodes - l.shown))
                        .append(l.nodes - l.shown == 1 ? " more node\n" : " more nodes\n");
            }
            out.append("  ").append(Long.toString(l.keys)).append(l.keys == 1 ? " key" : " keys").append(" on layer ")
                    .append(Integer.toString(l.layer)).append('\n');
            totalKeys += l.keys;
        }
        for (String stop : layers.stops) {
            out.append("stopped: ").append(stop).append('\n');
        }
        int n = layers.byDepth.size();
        out.append("total: ").append(Long.toString(totalKeys)).append(" keys in ")
                .append(Long.toString(layers.totalNodes)).append(" nodes on ").append(Integer.toString(n))
                .append(n == 1 ? " layer" : " layers");
        if (layers.missing > 0) {
            out.append("; ").append(Long.toString(layers.missing))
                    .append(layers.missing == 1 ? " node missing" : " nodes missing");
        }
        if (layers.invalid > 0) {
            out.append("; ").append(Long.toString(layers.invalid))
                    .append(layers.invalid == 1 ? " node unreadable" : " nodes unreadable");
        }
        out.append('\n');
        return layers.invalid > 0 || !layers.stops.isEmpty() ? ExitCode.INVALID
                : layers.missing > 0 ? ExitCode.PARTIAL : ExitCode.OK;
    }

    /** What the output shows of one layer. */
    private static final class Layer {
        final int layer;
        int nodes;
        int shown;
        long keys;
        final StringBuilder shownText = new StringBuilder();

        Layer(int layer) {
            this.layer = layer;
        }
    }

    /**
     * Gathers the walk's nodes by depth: the walk visits the nodes of each layer left to right, as the
     * output lists them.
     */
    private final class Layers implements MstVisitor {
        final List<Layer> byDepth = new ArrayList<>();
        final List<String> stops = new ArrayList<>();
        /** The root's layer: the height of its keys, 0 if it has none. */
        int top;
        long totalNodes;
        long missing;
        long invalid;

        private Layer at(int depth) {
            while (byDepth.size() <= depth) {
                byDepth.add(new Layer(top - byDepth.size()));
            }
            return byDepth.get(depth);
        }

        /** A node line, if the layer still shows nodes; true if it was shown. */
        private boolean line(Layer l, Cid cid, String what) {
            l.nodes++;
            if (l.shown >= maxNodes) {
                return false;
            }
            l.shown++;
            l.shownText.append("  ").append(cid).append("  ").append(what).append('\n');
            return true;
        }

        @Override
        public void node(Cid cid, MstNode node, int layer, int depth) {
            if (depth == 0 && !node.isEmpty()) {
                top = MstKeys.height(node.key(0));
            }
            Layer l = at(depth);
            totalNodes++;
            l.keys += node.size();
            if (!line(l, cid, node.size() + (node.size() == 1 ? " key" : " keys"))) {
                return;
            }
            for (int i = 0; i < node.size() && i <= maxKeys; i++) {
                if (i == maxKeys) {
                    int more = node.size() - maxKeys;
                    l.shownText.append("    ... ").append(more).append(more == 1 ? " more key\n" : " more keys\n");
                    break;
                }
                byte[] k = node.key(i);
                l.shownText.append("    ").append(Text.safe(k, 300));
                int h = MstKeys.height(k);
                if (h != l.layer) {
                    l.shownText.append("  ! hash puts it on layer ").append(h);
                }
                l.shownText.append('\n');
            }
        }

        @Override
        public void leaf(byte[] key, Cid value) {}

        @Override
        public void missingNode(Cid cid, int depth) {
            missing++;
            line(at(depth), cid, "MISSING (not in this CAR)");
        }

        @Override
        public void unreadableNode(Cid cid, int depth, String message) {
            invalid++;
            line(at(depth), cid, "INVALID: " + message);
        }

        @Override
        public void problem(String message) {
            // keys out of order are the verifier's business; a walk that gives up is reported
            if (message.startsWith("MST deeper") || message.startsWith("MST walk stopped")) {
                stops.add(message);
            }
        }
    }
}
