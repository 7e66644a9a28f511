package carport.records;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The columns of the records table, in table order (docs/records.md). Every output format and the Spark
 * source use exactly these names and this order.
 */
public enum RecordColumn {
    /** The repository's DID (the commit's {@code did}). */
    DID(Kind.STRING),
    /** The NSID before the first {@code /} of the record's key. */
    COLLECTION(Kind.STRING),
    /** The record key after the first {@code /}. */
    RKEY(Kind.STRING),
    /** {@code at://<did>/<collection>/<rkey>}. */
    URI(Kind.STRING),
    /** The record block's CID (base32 CIDv1). */
    CID(Kind.STRING),
    /** The {@code rev} of the repository's commit (null for a version-2 commit, which has none). */
    REV(Kind.STRING),
    /** The record's {@code $type}; null if it has none or it is not a string. */
    TYPE(Kind.STRING),
    /** The record's {@code createdAt} if it is a valid atproto datetime, in UTC, truncated to microseconds; else null. */
    CREATED_AT(Kind.TIMESTAMP_MICROS_UTC),
    /** The record as compact atproto JSON (the value {@code unpack-records} writes). */
    RECORD(Kind.JSON),
    /** Bytes of the record block (DAG-CBOR). */
    SIZE(Kind.INT32);

    /** Value kinds; each output maps them onto its own types (docs/records.md). */
    public enum Kind {
        STRING, TIMESTAMP_MICROS_UTC, JSON, INT32
    }

    private final Kind kind;

    RecordColumn(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The column name: lower case, {@code created_at} with an underscore. */
    public String columnName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The column with this name (as {@link #columnName()}); throws if there is none. */
    public static RecordColumn named(String name) {
        for (RecordColumn c : values()) {
            if (c.columnName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no records column \"" + name + "\"");
    }

    /** Every column. */
    public static Set<RecordColumn> all() {
        return EnumSet.allOf(RecordColumn.class);
    }
}
