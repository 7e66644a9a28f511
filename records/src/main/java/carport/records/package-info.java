/**
 * Repositories as tables: one {@link carport.records.RecordRow} per record and one
 * {@link carport.records.RepoRow} per input (a CAR file, a CAR in memory, or an export folder), read and
 * verified by {@link carport.records.RecordsReader}. The columns are documented in {@code docs/records.md};
 * {@code carport records}, {@code carport sql} and the Spark source all read through this package.
 */
package carport.records;
