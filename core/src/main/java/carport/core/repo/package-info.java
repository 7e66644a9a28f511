/**
 * atproto repositories as found in CAR exports: the signed commit (v2 and v3), the records reached
 * through the MST, a verifier that reports every failed check, and an inspector that summarises a
 * repository. Identity resolution (where the signing key comes from) is not done here: callers pass
 * the key in.
 */
package carport.core.repo;
