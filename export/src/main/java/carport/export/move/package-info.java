/**
 * Moving an account to another PDS ({@link carport.export.move.Migration}, {@code carport migrate})
 * and proving afterwards that nothing was lost ({@link carport.export.move.MoveProof}, used by both
 * {@code migrate} and {@code restore}). Progress is kept in {@code DIR/<did>/_move.json}
 * (docs/move.md).
 */
package carport.export.move;
