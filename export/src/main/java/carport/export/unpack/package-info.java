/**
 * Unpacking a repository into plain files, one JSON file per record ({@link carport.export.unpack.Unpacker}),
 * and the mapping between DIDs, repo paths and file paths ({@link carport.export.unpack.DidDirNames},
 * {@link carport.export.unpack.RecordFileNames}). Not the place for CAR or MST parsing, which live in core.
 */
package carport.export.unpack;
