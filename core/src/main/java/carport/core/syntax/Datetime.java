package carport.core.syntax;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A Lexicon {@code datetime}: the intersection of RFC 3339 and ISO 8601,
 * {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)} with upper-case {@code T} and {@code Z},
 * a required timezone ({@code -00:00} refused), whole seconds, and any number of fraction digits.
 * The date and time must exist (leap years checked, no leap second), and the instant must not fall
 * before year 0. The string is kept as given; equality is on the string.
 */
public final class Datetime implements Comparable<Datetime> {
    /** No real datetime comes close; the cap only bounds work on hostile input. */
    public static final int MAX_LENGTH = 64;

    private static final long EPOCH_SECOND_YEAR_ZERO = -62167219200L; // 0000-01-01T00:00:00Z

    private final String value;
    private final Instant instant;

    private Datetime(String value, Instant instant) {
        this.value = value;
        this.instant = instant;
    }

    public static Datetime parse(String s) {
        Instant i = tryParse(s);
        if (i == null) {
            throw new InvalidSyntaxException("datetime", s);
        }
        return new Datetime(s, i);
    }

    public static boolean isValid(String s) {
        return tryParse(s) != null;
    }

    private static Instant tryParse(String s) {
        if (s == null || s.length() < 20 || s.length() > MAX_LENGTH) {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
                || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int n = s.length();
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Ascii.isDigit(s.charAt(i))) {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char z = s.charAt(i);
        if (z == 'Z') {
            if (i + 1 != n) {
                return null;
            }
            offsetSeconds = 0;
        } else if (z == '+' || z == '-') {
            if (i + 6 != n || s.charAt(i + 3) != ':') {
                return null;
            }
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 23 || om > 59) {
                return null;
            }
            if (z == '-' && oh == 0 && om == 0) {
                return null; // RFC 3339 "unknown offset", not valid ISO 8601
            }
            offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochSecond = LocalDateTime.of(year, month, day, hour, minute, second)
                .toEpochSecond(ZoneOffset.ofTotalSeconds(offsetSeconds));
        if (epochSecond < EPOCH_SECOND_YEAR_ZERO) {
            return null;
        }
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!Ascii.isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** The instant, truncated to nanoseconds. */
    public Instant toInstant() {
        return instant;
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Datetime d && d.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Chronological; equal instants with different strings are ordered by string. */
    @Override
    public int compareTo(Datetime o) {
        int c = instant.compareTo(o.instant);
        return c != 0 ? c : value.compareTo(o.value);
    }
}
