package carport.cli;

import carport.core.InvalidDataException;
import carport.core.car.CarFile;
import carport.core.cid.Cid;
import carport.core.mst.MstKeys;
import carport.core.mst.MstNode;
import carport.core.repo.Commit;
import carport.core.repo.RepoReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    /** Deeper than any real tree (a key's layer is at most 128); bounds hostile input. */
    private static final int MAX_LAYERS = 256;

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
        Set<Cid> seen = new HashSet<>();
        List<Cid> layerNodes = List.of(commit.data());
        seen.add(commit.data());
        int layer = -1;
        long totalKeys = 0;
        long totalNodes = 0;
        int layers = 0;
        long missing = 0;
        long invalid = 0;
        for (int depth = 0; !layerNodes.isEmpty(); depth++) {
            if (depth >= MAX_LAYERS) {
                out.append("stopped: the tree is deeper than ").append(Integer.toString(MAX_LAYERS))
                        .append(" layers\n");
                invalid++;
                break;
            }
            List<Cid> next = new ArrayList<>();
            long keys = 0;
            int shown = 0;
            boolean headerDone = false;
            for (Cid cid : layerNodes) {
                MstNode node = null;
                String trouble = null;
                try {
                    byte[] b = car.get(cid);
                    if (b == null) {
                        trouble = "MISSING (not in this CAR)";
                        missing++;
                    } else {
                        node = MstNode.decode(b);
                    }
                } catch (InvalidDataException e) {
                    trouble = "INVALID: " + e.getMessage();
                    invalid++;
                }
                if (depth == 0) {
                    layer = node != null && !node.isEmpty() ? MstKeys.height(node.key(0)) : 0;
                }
                if (!headerDone) {
                    out.append("layer ").append(Integer.toString(layer - depth)).append(" (")
                            .append(Integer.toString(layerNodes.size()))
                            .append(layerNodes.size() == 1 ? " node)\n" : " nodes)\n");
                    headerDone = true;
                }
                boolean show = shown < maxNodes;
                if (show) {
                    shown++;
                    out.append("  ").append(cid.toString()).append("  ");
                    out.append(trouble != null ? trouble : node.size() + (node.size() == 1 ? " key" : " keys"))
                            .append('\n');
                }
                if (node == null) {
                    continue;
                }
                totalNodes++;
                keys += node.size();
                if (node.left() != null && seen.add(node.left())) {
                    next.add(node.left());
                }
                for (int i = 0; i < node.size(); i++) {
                    if (show && i < maxKeys) {
                        byte[] k = node.key(i);
                        out.append("    ").append(Text.safe(k, 300));
                        int h = MstKeys.height(k);
                        if (h != layer - depth) {
                            out.append("  ! hash puts it on layer ").append(Integer.toString(h));
                        }
                        out.append('\n');
                    } else if (show && i == maxKeys) {
                        int more = node.size() - maxKeys;
                        out.append("    ... ").append(Integer.toString(more))
                                .append(more == 1 ? " more key\n" : " more keys\n");
                    }
                    Cid right = node.right(i);
                    if (right != null && seen.add(right)) {
                        next.add(right);
                    }
                }
            }
            if (layerNodes.size() > shown) {
                out.append("  ... ").append(Integer.toString(layerNodes.size() - shown))
                        .append(layerNodes.size() - shown == 1 ? " more node\n" : " more nodes\n");
            }
            out.append("  ").append(Long.toString(keys)).append(keys == 1 ? " key" : " keys").append(" on layer ")
                    .append(Integer.toString(layer - depth)).append('\n');
            totalKeys += keys;
            layers++;
            layerNodes = next;
        }
        out.append("total: ").append(Long.toString(totalKeys)).append(" keys in ").append(Long.toString(totalNodes))
                .append(" nodes on ").append(Integer.toString(layers)).append(layers == 1 ? " layer" : " layers");
        if (missing > 0) {
            out.append("; ").append(Long.toString(missing)).append(missing == 1 ? " node missing" : " nodes missing");
        }
        if (invalid > 0) {
            out.append("; ").append(Long.toString(invalid))
                    .append(invalid == 1 ? " node unreadable" : " nodes unreadable");
        }
        out.append('\n');
        return invalid > 0 ? ExitCode.INVALID : missing > 0 ? ExitCode.PARTIAL : ExitCode.OK;
    }
}
