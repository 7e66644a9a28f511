/**
 * Identity resolution: handle to DID (DNS TXT and HTTPS well-known, with the bidirectional check),
 * DID to DID document (did:plc through a PLC directory, did:web over HTTPS), and from the document
 * the PDS endpoint and signing key. It fetches PLC audit logs as raw bytes but does not verify them;
 * checking signatures and operation chains belongs to {@code carport.core}.
 *
 * <p>Its failures live here too: {@link carport.net.identity.IdentityException} (a handle or DID
 * document that cannot be used) and its kinds {@link carport.net.identity.HandleNotFoundException},
 * {@link carport.net.identity.DidNotFoundException} and {@link carport.net.identity.NoPdsException};
 * a DNS lookup that fails outright is the transport's {@link carport.net.http.DnsException}.
 */
package carport.net.identity;
