package carport.core.syntax;

/**
 * The identity part of an AT URI or an API parameter: either a {@link Did} or a {@link Handle}.
 * A string starting with {@code did:} is only ever read as a DID, never as a handle.
 */
public sealed interface AtIdentifier permits Did, Handle {

    static AtIdentifier parse(String s) {
        if (s != null && s.startsWith("did:")) {
            if (Did.isValid(s)) {
                return Did.parse(s);
            }
        } else if (Handle.isValid(s)) {
            return Handle.parse(s);
        }
        throw new InvalidSyntaxException("at-identifier", s);
    }

    static boolean isValid(String s) {
        if (s == null) {
            return false;
        }
        return s.startsWith("did:") ? Did.isValid(s) : Handle.isValid(s);
    }

    default boolean isDid() {
        return this instanceof Did;
    }

    default boolean isHandle() {
        return this instanceof Handle;
    }

    /** The normalised string form (handles lower-cased). */
    @Override
    String toString();
}
