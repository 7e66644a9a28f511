/**
 * Fetching an account's blobs into {@code <dir>/_blob/<cid>}: concurrent, each checked against its
 * CID, written atomically, and skipped when a good copy is already there. Not for deciding which
 * blobs belong in an export (that is the export job's business).
 */
package carport.export.blobs;
