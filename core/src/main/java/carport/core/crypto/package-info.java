/**
 * Public-key cryptography for atproto: key encodings ({@code did:key}, Multikey),
 * and ECDSA signature checks on K-256 and P-256 with the strict atproto rules (64-byte r||s,
 * low-S only). Verification only: carport never holds or makes private keys.
 */
package carport.core.crypto;
