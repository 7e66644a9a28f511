/**
 * The crash-safety machinery of an export folder: atomic file writes, the folder lock, and the update
 * journal that makes an interrupted update complete on the next run. It knows nothing about
 * repositories or the network; {@code docs/export-format.md} describes the protocol.
 */
package carport.export.store;
