/**
 * Account exports: {@link carport.export.AccountExporter} makes and updates a complete, verified,
 * self-describing backup of one account in {@code <out>/<did>/}, and
 * {@link carport.export.ExportChecker} re-verifies one offline. The folder layout and the crash-safety
 * protocol are in {@code docs/export-format.md}. Not for reading repositories in general: that is
 * {@code carport.core.repo}.
 */
package carport.export;
