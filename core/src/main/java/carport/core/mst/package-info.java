/**
 * The Merkle Search Tree that maps repo paths to record CIDs in an atproto repository: strict node
 * decoding, key heights, an in-order walk that streams leaves with an explicit stack (or only a key range
 * of them), and the checks that make a tree canonical (sorted keys, correct layers, maximal prefix
 * compression, no stray empty nodes). {@link carport.core.mst.Mst} builds a tree from sorted entries and
 * edits it (put, delete: a new root and the new node blocks); {@link carport.core.mst.TreeDiff} compares
 * two trees, skipping what they share. It reads blocks through {@link carport.core.car.BlockSource};
 * commits and records are in {@code carport.core.repo}.
 */
package carport.core.mst;
