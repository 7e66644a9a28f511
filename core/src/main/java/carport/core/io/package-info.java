/**
 * Writing files so that no half-written file ever stands where a complete one is expected: a
 * temporary file beside the target, renamed over it, the directory forced to disk where that matters.
 * Shared by {@code net} (downloads) and {@code export} (the export folder). Not a general file API.
 */
package carport.core.io;
