/**
 * The Merkle Search Tree that maps repo paths to record CIDs in an atproto repository: strict node
 * decoding, key heights, an in-order walk that streams leaves with an explicit stack, and the checks
 * that make a tree canonical (sorted keys, correct layers, maximal prefix compression, no stray empty
 * nodes). It reads blocks through {@link carport.core.car.BlockSource}; commits and records are in
 * {@code carport.core.repo}.
 */
package carport.core.mst;
