package carport.net.pds;

import carport.net.XrpcException;

/**
 * A PDS refused an account call for a reason the user can act on. {@link #kind()} says which;
 * the message is one line that never contains a password or token.
 */
public class PdsException extends XrpcException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, from the user's point of view. */
    public enum Kind {
        /** createSession refused the identifier or password. */
        WRONG_PASSWORD,
        /** The session is an app-password session where the account's main password is needed. */
        APP_PASSWORD,
        /** The session or service-auth token has expired and could not be renewed. */
        TOKEN_EXPIRED,
        /** The token is not valid for this server or call. */
        TOKEN_INVALID,
        /** The emailed PLC-operation token is wrong, used, or older than 15 minutes. */
        EMAIL_TOKEN,
        /** The handle is taken on the new PDS. */
        HANDLE_TAKEN,
        /** The handle is neither in the PDS's handle domains nor resolves to the DID. */
        HANDLE_DOMAIN,
        /** The PDS wants an invite code (or the one given is not valid). */
        INVITE_CODE,
        /** The body is larger than the PDS accepts (HTTP 413, or BlobTooLarge). */
        TOO_LARGE,
        /** createAccount: the PDS already has a repository for this DID. */
        ALREADY_EXISTS,
        /** The account is taken down on this PDS. */
        TAKEN_DOWN,
        /** The PDS answered a request that carries credentials with a redirect to another host. */
        REDIRECT,
        /** Any other refusal. */
        OTHER
    }

    private final Kind kind;

    public PdsException(Kind kind, String message, int status, String error) {
        super(message, status, error);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True where the fix is in the command line (an app password instead of the main one, a wrong password). */
    public boolean isUsage() {
        return kind == Kind.APP_PASSWORD || kind == Kind.WRONG_PASSWORD;
    }
}
