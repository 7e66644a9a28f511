package carport.records;

import carport.core.crypto.VerifyingKey;
import java.util.Objects;

/**
 * How commit signatures are checked. Export folders always use their own identity files (as
 * {@code carport check} does) unless the choice is {@link #none()}; the choice matters for bare CARs.
 */
public sealed interface Signature {
    /** No signature check: blocks, MST and records are still checked; rows are not marked verified. */
    static Signature none() {
        return None.INSTANCE;
    }

    /** Only export folders can be checked (with their identity files); a bare CAR is a bad input. */
    static Signature exportOnly() {
        return ExportOnly.INSTANCE;
    }

    /**
     * Bare CARs are checked with this key; {@code did} (nullable) is the DID their commit must name (e.g. the
     * id of the DID document the key came from).
     */
    static Signature key(VerifyingKey key, String did) {
        return new Key(key, did);
    }

    /** Bare CARs are checked with the key {@code resolver} gives for their commit's DID (e.g. by resolving it). */
    static Signature resolver(KeyResolver resolver) {
        return new Resolver(resolver);
    }

    /** Finds the signing key of a DID; throws with a one-line message if it cannot. */
    @FunctionalInterface
    interface KeyResolver {
        VerifyingKey signingKey(String did) throws Exception;
    }

    enum None implements Signature {
        INSTANCE
    }

    enum ExportOnly implements Signature {
        INSTANCE
    }

    record Key(VerifyingKey key, String did) implements Signature {
        public Key {
            Objects.requireNonNull(key, "key");
        }
    }

    record Resolver(KeyResolver resolver) implements Signature {
        public Resolver {
            Objects.requireNonNull(resolver, "resolver");
        }
    }
}
