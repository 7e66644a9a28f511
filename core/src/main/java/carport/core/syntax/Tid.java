package carport.core.syntax;

/**
 * A timestamp identifier: 13 characters of base32-sortable ({@code 234567a-z}) encoding a 64-bit
 * integer whose top bit is zero, then 53 bits of microseconds since the UNIX epoch, then a 10-bit
 * clock id. The string sorts in the same order as the integer, so {@link #compareTo} is
 * chronological. Used for record keys and for commit {@code rev}s.
 */
public final class Tid implements Comparable<Tid> {
    public static final int LENGTH = 13;
    private static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";
    private static final long MAX_MICROS = (1L << 53) - 1;

    private final String value;
    private final long bits;

    private Tid(String value, long bits) {
        this.value = value;
        this.bits = bits;
    }

    public static Tid parse(String s) {
        if (!isValid(s)) {
            throw new InvalidSyntaxException("TID", s);
        }
        return new Tid(s, decode(s));
    }

    public static boolean isValid(String s) {
        if (s == null || s.length() != LENGTH) {
            return false;
        }
        // The first character carries the top bits; above 'j' the reserved high bit would be set.
        char first = s.charAt(0);
        if (!((first >= '2' && first <= '7') || (first >= 'a' && first <= 'j'))) {
            return false;
        }
        for (int i = 1; i < LENGTH; i++) {
            if (value(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Builds the TID for a timestamp and clock id (0-1023). */
    public static Tid of(long timestampMicros, int clockId) {
        if (timestampMicros < 0 || timestampMicros > MAX_MICROS || clockId < 0 || clockId > 1023) {
            throw new IllegalArgumentException("TID out of range: " + timestampMicros + "/" + clockId);
        }
        long bits = (timestampMicros << 10) | clockId;
        char[] cs = new char[LENGTH];
        long v = bits;
        for (int i = LENGTH - 1; i >= 0; i--) {
            cs[i] = ALPHABET.charAt((int) (v & 31));
            v >>>= 5;
        }
        return new Tid(new String(cs), bits);
    }

    private static int value(char c) {
        if (c >= '2' && c <= '7') {
            return c - '2';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 6;
        }
        return -1;
    }

    private static long decode(String s) {
        long v = 0;
        for (int i = 0; i < LENGTH; i++) {
            v = (v << 5) | value(s.charAt(i));
        }
        return v;
    }

    /** Microseconds since 1970-01-01T00:00:00Z. */
    public long timestampMicros() {
        return (bits >>> 10) & MAX_MICROS;
    }

    /** The 10-bit clock identifier (0-1023). */
    public int clockId() {
        return (int) (bits & 1023);
    }

    /** This TID as a record key (every TID is one). */
    public RecordKey toRecordKey() {
        return RecordKey.parse(value);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tid t && t.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(Tid o) {
        return value.compareTo(o.value);
    }
}
