/**
 * Public-key cryptography for atproto: key encodings ({@code did:key}, Multikey), ECDSA
 * signature checks on K-256 and P-256 with the strict atproto rules (64-byte r||s, low-S only),
 * and, for restoring an account, private keys ({@link carport.core.crypto.SigningKey}), key files
 * ({@link carport.core.crypto.KeyFile}) and offline service-auth tokens
 * ({@link carport.core.crypto.ServiceAuthToken}).
 */
package carport.core.crypto;
