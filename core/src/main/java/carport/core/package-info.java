/**
 * carport's offline core: identifiers, CIDs, DAG-CBOR, CAR files, the Merkle Search Tree, commits
 * and signatures. Nothing in this module touches the network; a library user can depend on it alone.
 */
package carport.core;
