/**
 * atproto repositories as found in CAR exports. Start with {@link carport.core.repo.Repository}: open a
 * CAR, read the commit, list records (all, one collection, a key range), get one record
 * ({@link carport.core.repo.RecordData}), verify, diff two revisions ({@link carport.core.repo.RepoDiff})
 * and write a CAR. Beneath it: the signed {@link carport.core.repo.Commit} (v2 and v3), the
 * {@link carport.core.repo.RepoReader}, the {@link carport.core.repo.RepoVerifier} that reports every failed
 * check, the {@link carport.core.repo.RepoInspector}, and {@link carport.core.repo.RepoKeys}, the repo-path
 * parser. Identity resolution (where the signing key comes from) is not done here: callers pass the key
 * or the DID document in ({@code carport.net} resolves them).
 */
package carport.core.repo;
