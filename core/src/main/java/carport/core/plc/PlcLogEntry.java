package carport.core.plc;

import java.time.Instant;

/**
 * One entry of an audit log as the directory serves it: the operation plus the directory's
 * {@code cid}, {@code nullified} flag and {@code createdAt} timestamp (which are checked, not trusted).
 */
public record PlcLogEntry(String did, PlcOperation operation, String cid, boolean nullified, Instant createdAt) {}
