/**
 * did:plc operation logs: parsing a PLC directory audit log and checking it offline (operation
 * CIDs, the DID itself, the prev chain, rotation-key signatures, the 72-hour nullification rule,
 * tombstones), then answering which state, and so which {@code #atproto} key, was in force when.
 * Fetching logs from a directory belongs to {@code carport.net}.
 */
package carport.core.plc;
