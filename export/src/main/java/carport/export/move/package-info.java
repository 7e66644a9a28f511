/**
 * Putting an account on another PDS: {@code carport migrate} ({@link carport.export.move.Migration},
 * old PDS alive) and {@code carport restore} (old PDS gone, from an export and the user's rotation
 * key), and the comparison both finish with ({@link carport.export.move.MoveProof}: what the new
 * PDS serves against the export). Their progress is kept in {@code DIR/<did>/_move.json}
 * ({@link carport.export.move.MoveState}; docs/move.md describes it and each step).
 */
package carport.export.move;
