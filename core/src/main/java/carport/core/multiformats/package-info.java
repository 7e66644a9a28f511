/**
 * The multiformats encodings atproto rests on: base32 and base58btc (with their multibase prefixes),
 * unsigned varints and multicodec prefixes. Strict: every byte string has one accepted spelling. Used by
 * CIDs and by key encodings alike; knows nothing of either.
 */
package carport.core.multiformats;
