/**
 * Content identifiers: the binary and base32 forms of atproto CIDs (CIDv1, dag-cbor or raw, sha2-256)
 * and hashing blocks into them. Foreign CIDs (v0, other codecs or hashes) can be carried by the lenient
 * factories but are never produced; this package does not decode the blocks a CID points to.
 */
package carport.core.cid;
