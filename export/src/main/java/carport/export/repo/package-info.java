/**
 * Repository work an export needs beyond reading one CAR: writing CARs, merging a {@code since} diff
 * into a stored repository, diffing two MSTs by skipping shared subtrees, and finding blob references
 * in records. Streaming throughout; no repository is ever held as objects in memory.
 */
package carport.export.repo;
