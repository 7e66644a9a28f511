/**
 * DID documents as atproto reads them: the DID, the claimed handle, the {@code #atproto} signing
 * key and the {@code #atproto_pds} endpoint. Parsing only; fetching documents (PLC directory,
 * did:web) and checking handles over DNS/HTTPS belong to {@code carport.net}.
 */
package carport.core.identity;
