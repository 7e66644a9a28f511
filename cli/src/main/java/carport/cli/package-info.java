/**
 * The carport command line (picocli): one class per command, progress output, and the mapping of
 * failures to exit codes in {@link carport.cli.Main}. No protocol logic lives here.
 */
package carport.cli;
