package carport.core.mst;

import carport.core.InvalidDataException;
import carport.core.car.BlockSource;
import carport.core.cid.Cid;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * Walks an MST depth-first, in key order, keeping only the path from the root in memory. Key order is
 * always checked (it also bounds the work a hostile tree that reuses subtrees can cause); with
 * {@link Options#checkStructure()} the walk also checks every rule that makes the tree canonical:
 * each key on the layer given by its hash, subtrees exactly one layer down, maximal prefix
 * compression, and empty nodes only as the root of an empty tree or as intermediate nodes that lead to
 * keys.
 */
public final class MstWalker {
    /** A walk gives up after this many problems. */
    public static final int MAX_PROBLEMS = 1000;
    private static final int UNKNOWN = -1;
    private static final int MAX_DEPTH = 200;

    /**
     * @param checkStructure check layers, prefix compression and empty nodes (key order is always checked)
     * @param keyCheck returns a one-line reason if a key is not acceptable (e.g. not a repo path), or null;
     *     null to accept any key
     */
    public record Options(boolean checkStructure, Function<byte[], String> keyCheck) {
        /** Key order only. */
        public static final Options LENIENT = new Options(false, null);
        /** All structure rules, any key bytes. */
        public static final Options STRUCTURE = new Options(true, null);
    }

    private final BlockSource source;
    private final MstVisitor visitor;
    private final Options options;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private byte[] lastKey;
    private int problems;
    /** The key range handed out: from (inclusive) and to (exclusive); null for no bound. */
    private byte[] from;
    private byte[] to;

    private static final class Frame {
        final Cid cid;
        final MstNode node;
        final int layer;
        int next = -1;

        Frame(Cid cid, MstNode node, int layer) {
            this.cid = cid;
            this.node = node;
            this.layer = layer;
        }
    }

    private MstWalker(BlockSource source, MstVisitor visitor, Options options) {
        this.source = source;
        this.visitor = visitor;
        this.options = options;
    }

    /** Walks the tree rooted at {@code root}. */
    public static void walk(BlockSource source, Cid root, MstVisitor visitor, Options options) {
        new MstWalker(source, visitor, options).run(root);
    }

    /**
     * Walks only the keys in {@code [from, to)} (either bound null for none): it reads the nodes on the paths
     * to the range and those within it, and no subtree that lies wholly outside it, so listing one
     * collection of a large repository costs about as much as the collection, not the repository. The
     * nodes it reads are checked as in {@link #walk} (the source checks each block against its CID); the
     * structure checks apply to them only, so this is no substitute for a full verification.
     */
    public static void walk(BlockSource source, Cid root, byte[] from, byte[] to, MstVisitor visitor,
            Options options) {
        MstWalker w = new MstWalker(source, visitor, options);
        w.from = from;
        w.to = to;
        w.run(root);
    }

    private void run(Cid root) {
        if (!enter(root, UNKNOWN, true)) {
            return;
        }
        while (!stack.isEmpty()) {
            if (problems >= MAX_PROBLEMS) {
                visitor.problem("MST walk stopped after " + MAX_PROBLEMS + " problems");
                return;
            }
            Frame f = stack.peek();
            MstNode n = f.node;
            if (f.next < 0) {
                f.next = 0;
                // the left subtree holds keys below the node's first key
                if (n.left() != null && !(from != null && !n.isEmpty() && MstKeys.compare(n.key(0), from) <= 0)) {
                    enterChild(f, n.left());
                }
                continue;
            }
            int i = f.next;
            if (i >= n.size()) {
                stack.pop();
                continue;
            }
            f.next++;
            if (to != null && MstKeys.compare(n.key(i), to) >= 0) {
                return; // keys come in order: everything after this one is out of range too
            }
            if (from == null || MstKeys.compare(n.key(i), from) >= 0) {
                leaf(f, i);
            }
            // the subtree right of key i holds keys below key i + 1
            if (n.right(i) != null
                    && !(from != null && i + 1 < n.size() && MstKeys.compare(n.key(i + 1), from) <= 0)) {
                enterChild(f, n.right(i));
            }
        }
    }

    private void leaf(Frame f, int i) {
        byte[] key = f.node.key(i);
        if (lastKey != null && MstKeys.compare(key, lastKey) <= 0) {
            problem("MST keys out of order: " + MstKeys.show(key) + " comes after " + MstKeys.show(lastKey)
                    + " (node " + f.cid + ")");
            // a key out of order is not handed out: consumers may rely on strictly increasing keys
            return;
        }
        lastKey = key;
        if (options.checkStructure()) {
            if (key.length == 0) {
                problem("MST node " + f.cid + " has an empty key");
            }
            if (i > 0) {
                int canonical = MstKeys.commonPrefixLength(f.node.key(i - 1), key);
                if (f.node.prefixLength(i) != canonical) {
                    problem("MST node " + f.cid + ": key " + MstKeys.show(key) + " has prefix length "
                            + f.node.prefixLength(i) + " but shares " + canonical
                            + " bytes with the previous key (prefix compression must be maximal)");
                }
            }
            if (f.layer != UNKNOWN) {
                int h = MstKeys.height(key);
                if (h != f.layer) {
                    problem("MST key " + MstKeys.show(key) + " has height " + h + " but is in node " + f.cid
                            + " on layer " + f.layer);
                }
            }
        }
        if (options.keyCheck() != null) {
            String why = options.keyCheck().apply(key);
            if (why != null) {
                problem("MST key " + MstKeys.show(key) + " is not valid: " + why);
            }
        }
        visitor.leaf(key, f.node.value(i));
    }

    private void enterChild(Frame parent, Cid child) {
        int layer = UNKNOWN;
        if (parent.layer != UNKNOWN) {
            layer = parent.layer - 1;
            if (layer < 0 && options.checkStructure()) {
                problem("MST node " + parent.cid + " is on layer 0 but links to subtree " + child);
                layer = UNKNOWN;
            }
        }
        if (stack.size() >= MAX_DEPTH) {
            problem("MST deeper than " + MAX_DEPTH + " levels at node " + child + "; not followed");
            return;
        }
        enter(child, layer, false);
    }

    private boolean enter(Cid cid, int expectedLayer, boolean root) {
        int depth = stack.size();
        byte[] data;
        try {
            data = source.get(cid);
        } catch (InvalidDataException e) {
            problems++;
            visitor.unreadableNode(cid, depth, MstException.oneLine("MST node " + cid + " cannot be read: " + e.getMessage()));
            return false;
        }
        if (data == null) {
            visitor.missingNode(cid, depth);
            return false;
        }
        MstNode node;
        try {
            node = MstNode.decode(data);
        } catch (InvalidDataException e) {
            problems++;
            visitor.unreadableNode(cid, depth, MstException.oneLine("MST node " + cid + ": " + e.getMessage()));
            return false;
        }
        int layer = expectedLayer;
        if (options.checkStructure()) {
            if (node.isEmpty()) {
                if (root && node.left() != null) {
                    problem("MST root " + cid + " is an empty node that only links to a subtree"
                            + " (empty nodes must be pruned from the top of the tree)");
                } else if (!root && node.left() == null) {
                    problem("MST node " + cid + " is empty and links to nothing"
                            + " (only the root of an empty tree may be empty)");
                }
            } else if (layer == UNKNOWN) {
                layer = MstKeys.height(node.key(0));
            }
        }
        visitor.node(cid, node, layer, depth);
        stack.push(new Frame(cid, node, options.checkStructure() ? layer : UNKNOWN));
        return true;
    }

    private void problem(String message) {
        problems++;
        visitor.problem(MstException.oneLine(message));
    }
}
