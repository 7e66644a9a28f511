/**
 * Unpacking a repository into plain files, one JSON file per record. This package owns the mapping
 * between repo paths and file paths ({@link carport.export.unpack.RecordFileNames}); it is not the
 * place for CAR or MST parsing, which live in core.
 */
package carport.export.unpack;
