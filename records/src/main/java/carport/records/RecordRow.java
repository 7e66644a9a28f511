package carport.records;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One row of the records table (docs/records.md). Columns the reader was not asked for may be null
 * ({@link ReadOptions#columns()}); {@code record} in particular is only built when asked for.
 *
 * @param createdAt the record's {@code createdAt}, valid, in UTC, truncated to microseconds; or null
 * @param recordJson the record as compact atproto JSON, UTF-8; null unless {@link RecordColumn#RECORD} was asked for
 * @param size bytes of the record block
 */
public record RecordRow(String did, String collection, String rkey, String uri, String cid, String rev, String type,
        Instant createdAt, byte[] recordJson, int size) {
    /** {@link #recordJson()} as a String, or null. */
    public String record() {
        return recordJson == null ? null : new String(recordJson, StandardCharsets.UTF_8);
    }

    /** {@link #createdAt()} as microseconds since 1970-01-01T00:00:00Z (Parquet and Spark timestamps), or null. */
    public Long createdAtMicros() {
        if (createdAt == null) {
            return null;
        }
        return Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L), createdAt.getNano() / 1000);
    }
}
