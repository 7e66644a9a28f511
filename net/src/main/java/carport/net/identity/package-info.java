/**
 * Identity resolution: handle to DID (DNS TXT and HTTPS well-known, with the bidirectional check),
 * DID to DID document (did:plc through a PLC directory, did:web over HTTPS), and from the document
 * the PDS endpoint and signing key. It fetches PLC audit logs as raw bytes but does not verify them;
 * checking signatures and operation chains belongs to {@code carport.core}.
 */
package carport.net.identity;
