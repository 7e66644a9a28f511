package carport.net.http;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** How long a server asked us to wait, from Retry-After or RateLimit-Reset. */
public final class RetryAfter {
    /** Below this a RateLimit-Reset is a delay in seconds (IETF draft), above it epoch seconds (atproto PDS). */
    private static final long EPOCH_THRESHOLD = 1_000_000_000L;

    private RetryAfter() {
    }

    /** How long {@code headers} ask to wait (Retry-After, else RateLimit-Reset), if they say. */
    public static Optional<Duration> parse(HttpHeaders headers, Clock clock) {
        Optional<Duration> d = headers.firstValue("retry-after").flatMap(v -> retryAfter(v, clock));
        if (d.isPresent()) {
            return d;
        }
        return headers.firstValue("ratelimit-reset").flatMap(v -> rateLimitReset(v, clock));
    }

    static Optional<Duration> retryAfter(String value, Clock clock) {
        String v = value.trim();
        if (isDigits(v)) {
            return Optional.of(Duration.ofSeconds(parseCapped(v)));
        }
        try {
            Instant when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(nonNegative(Duration.between(clock.instant(), when)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Optional<Duration> rateLimitReset(String value, Clock clock) {
        String v = value.trim();
        if (!isDigits(v)) {
            return Optional.empty();
        }
        long n = parseCapped(v);
        if (n < EPOCH_THRESHOLD) {
            return Optional.of(Duration.ofSeconds(n));
        }
        return Optional.of(nonNegative(Duration.between(clock.instant(), Instant.ofEpochSecond(n))));
    }

    private static boolean isDigits(String v) {
        return !v.isEmpty() && v.length() <= 18 && v.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long parseCapped(String v) {
        return Long.parseLong(v);
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
