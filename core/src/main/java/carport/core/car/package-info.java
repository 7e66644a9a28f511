/**
 * Reading CAR v1 files (Content Addressable aRchives), the export format of atproto repositories: the
 * header, the framed blocks, and a compact CID index over a memory-mapped file ({@link
 * carport.core.car.CarFile}) so that multi-gigabyte files are read on demand, plus a single-pass
 * {@link carport.core.car.CarStreamReader} for streams. Only the atproto subset of CIDs (CIDv1,
 * dag-cbor or raw, sha2-256) is accepted, and every block is checked against its CID before it is
 * handed out. This package knows nothing about commits or the MST; see {@code carport.core.repo}.
 */
package carport.core.car;
