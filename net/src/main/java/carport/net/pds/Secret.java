package carport.net.pds;

import java.util.Objects;

/**
 * A password or token. Its {@link #toString()} never shows it, so it cannot slip into a message,
 * a log line or a debugger's summary; {@link #reveal()} is the one way to read it.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException if {@code value} is empty */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty secret");
        }
        return new Secret(value);
    }

    /** The secret itself: only for the request that needs it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "(secret)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
