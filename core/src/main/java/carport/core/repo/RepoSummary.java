package carport.core.repo;

import carport.core.cid.Cid;
import carport.core.syntax.Did;
import java.util.SortedMap;

/**
 * What a repository CAR holds.
 *
 * @param commit CID of the commit (the first CAR root)
 * @param data CID of the MST root
 * @param prev previous commit, or null
 * @param rev revision, null for version 2
 * @param records MST leaves (records the tree names, present or not)
 * @param recordsPresent leaves whose record block is in the CAR
 * @param recordBytes total size of the record blocks present
 * @param collections leaves per collection, sorted by name
 * @param mstNodes MST nodes read
 * @param missingMstNodes MST nodes linked but not in the CAR (a partial CAR)
 * @param missingRecords leaves whose record block is not in the CAR
 * @param blocks distinct blocks in the CAR
 * @param sections block sections in the CAR (duplicates included)
 * @param duplicateSections sections repeating an earlier block
 * @param unreachableBlocks distinct blocks that are neither the commit, an MST node of it, nor a record
 * @param sizeBytes file size
 */
public record RepoSummary(Did did, int version, String rev, Cid commit, Cid data, Cid prev, long records,
        long recordsPresent, long recordBytes, SortedMap<String, Long> collections, long mstNodes, long missingMstNodes,
        long missingRecords, int blocks, int sections, int duplicateSections, long unreachableBlocks, long sizeBytes) {
    public RepoSummary {
        collections = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(collections));
    }

    /** True if every MST node and record the commit reaches is in the CAR. */
    public boolean complete() {
        return missingMstNodes == 0 && missingRecords == 0;
    }
}
